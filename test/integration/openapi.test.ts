import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ demo: false });
});
afterAll(() => h.close());

describe('OpenAPI', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc));
    expect(result.valid, JSON.stringify(result)).toBe(true);
  });

  it('lists every API route with a summary, a success response schema and request schemas', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const ops = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );
    expect(ops.length).toBeGreaterThanOrEqual(30);
    for (const { path, method, op } of ops) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(op.summary, where).toBeTruthy();
      const ok = Object.keys(op.responses).find((s) => s.startsWith('2'));
      expect(ok, where).toBeTruthy();
      if (['post', 'put', 'patch'].includes(method) && op.requestBody) {
        expect((Object.values(op.requestBody.content)[0] as { schema?: unknown }).schema, where).toBeTruthy();
      }
      if (path.includes('{'))
        expect(
          (op.parameters ?? []).some((p: { in: string }) => p.in === 'path'),
          where,
        ).toBe(true);
      if (path.startsWith('/api/') && !op.security) expect(op.responses['401'], where).toBeTruthy();
    }
  });

  it('serves a docs UI', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger-ui');
  });
});
