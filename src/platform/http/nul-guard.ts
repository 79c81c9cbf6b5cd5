/**
 * NUL (U+0000) is valid in JSON and in a URL (`\u0000`, `%00`) but PostgreSQL cannot store it in
 * text or JSON: a request carrying one is refused up front, naming each field, instead of failing
 * at the write.
 */
import { type FieldProblem, pointerToken } from '../errors.ts';

/** Field problems for every string (value or key) under `base` that holds a NUL character. */
export function nulProblems(value: unknown, base: string, out: FieldProblem[] = []): FieldProblem[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push({ path: base, key: 'errors.field.nul' });
  } else if (value && typeof value === 'object') {
    // objects and arrays (whose keys are the indexes)
    for (const [k, v] of Object.entries(value)) {
      const path = `${base}/${pointerToken(k.replaceAll('\u0000', ''))}`;
      if (k.includes('\u0000')) out.push({ path, key: 'errors.field.nul' });
      nulProblems(v, path, out);
    }
  }
  return out;
}
