import { describe, expect, it } from 'vitest';
import { coalesced } from './coalesce.ts';

/** A lookup whose calls we release by hand, answering from `state` as it was when the call started. */
function controlled(state: Map<string, number>) {
  const calls: { keys: string[]; release(fail?: Error): void }[] = [];
  const find = coalesced((keys: string[]) => {
    const seen = new Map(keys.flatMap((k) => (state.has(k) ? [[k, state.get(k)!] as const] : [])));
    return new Promise<Map<string, number>>((resolve, reject) => {
      calls.push({ keys, release: (fail) => (fail ? reject(fail) : resolve(seen)) });
    });
  });
  return { find, calls };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('coalesced lookups', () => {
  it('an idle lookup goes at once; keys asked meanwhile go together in the next one', async () => {
    const { find, calls } = controlled(
      new Map([
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ]),
    );
    const a = find('a');
    expect(calls.map((c) => c.keys)).toEqual([['a']]);
    const b1 = find('b');
    const c = find('c');
    const b2 = find('b');
    expect(calls).toHaveLength(1); // they wait for the running lookup
    calls[0]!.release();
    expect(await a).toBe(1);
    await tick();
    expect(calls.map((x) => x.keys)).toEqual([['a'], ['b', 'c']]);
    calls[1]!.release();
    expect(await Promise.all([b1, c, b2])).toEqual([2, 3, 2]);
  });

  it('a key asked while its lookup runs is answered by a later lookup (never an older answer)', async () => {
    const state = new Map([['token', 1]]);
    const { find, calls } = controlled(state);
    const first = find('token');
    const second = find('token'); // asked while the first lookup runs
    state.delete('token'); // then revoked
    calls[0]!.release();
    expect(await first).toBe(1);
    await tick();
    calls[1]!.release();
    expect(await second).toBeUndefined(); // not the running lookup's (older) answer
    expect(calls).toHaveLength(2);
  });

  it('a failed lookup fails only the keys it carried; the next one runs', async () => {
    const { find, calls } = controlled(new Map([['x', 7]]));
    const failed = find('y');
    const later = find('x');
    calls[0]!.release(new Error('connection lost'));
    await expect(failed).rejects.toThrow('connection lost');
    await tick();
    calls[1]!.release();
    expect(await later).toBe(7);
  });
});
