import { describe, expect, it } from 'vitest';
import { nulProblems } from './nul-guard.ts';

describe('nulProblems', () => {
  it('names each string, nested value and key holding a NUL', () => {
    const body = { name: 'a\u0000b', list: ['ok', '\u0000'], deep: { 'a/b': 'x\u0000' }, 'k\u0000': 1 };
    expect(nulProblems(body, '/body').map((p) => p.path)).toEqual([
      '/body/name',
      '/body/list/1',
      '/body/deep/a~1b',
      '/body/k',
    ]);
  });
  it('finds nothing in ordinary text, numbers and null', () => {
    expect(nulProblems({ a: 'Ünïcödé 😀', b: 0, c: null, d: [true] }, '/body')).toEqual([]);
    expect(nulProblems('a\\u0000 written out', '/body')).toEqual([]);
  });
});
