/**
 * Request validation. Bodies are validated strictly (no type coercion, unknown fields refused by
 * `additionalProperties: false` in every body schema); query strings and params coerce scalars.
 */
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import type { FieldProblem } from '../errors.ts';
import { isCalendarDate } from '../time/calendar-date.ts';

const addFormatsTo = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * ajv-formats, with `date` and the day of `date-time` held to days PostgreSQL stores and this
 * product means (calendar-date.ts: 1900–9999), so such a value is a field error, never a failed write.
 */
function addFormats(ajv: Ajv): Ajv {
  addFormatsTo(ajv);
  const dateTime = ajv.formats['date-time'] as {
    validate: (s: string) => boolean;
    compare: (a: string, b: string) => number | undefined;
  };
  ajv.addFormat('date', isCalendarDate);
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (s: string) => dateTime.validate(s) && isCalendarDate(s.slice(0, 10)),
    compare: dateTime.compare,
  });
  return ajv;
}

const base = { allErrors: true, removeAdditional: false as const, useDefaults: true, strict: false };
const strictAjv = addFormats(new Ajv({ ...base, coerceTypes: false }));
const coercingAjv = addFormats(new Ajv({ ...base, coerceTypes: 'array' }));

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strictAjv : coercingAjv;
  return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
};

/** Ajv errors → field problems with JSON-pointer paths prefixed by the request part. */
export function toFieldProblems(errors: ErrorObject[], part: string): FieldProblem[] {
  const out: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    let path = `/${part}${e.instancePath}`;
    let key = 'errors.field.invalid';
    let values: Record<string, string | number> | undefined;
    switch (e.keyword) {
      case 'required':
        path = `${path}/${(e.params as { missingProperty: string }).missingProperty}`;
        key = 'errors.field.required';
        break;
      case 'additionalProperties':
        path = `${path}/${(e.params as { additionalProperty: string }).additionalProperty}`;
        key = 'errors.field.unknown';
        break;
      case 'type':
        key = 'errors.field.type';
        values = { type: String((e.params as { type: string }).type) };
        break;
      case 'minLength':
        key = 'errors.field.minLength';
        values = { limit: Number((e.params as { limit: number }).limit) };
        break;
      case 'maxLength':
        key = 'errors.field.maxLength';
        values = { limit: Number((e.params as { limit: number }).limit) };
        break;
      case 'minimum':
      case 'exclusiveMinimum':
        key = 'errors.field.minimum';
        values = { limit: Number((e.params as { limit: number }).limit) };
        break;
      case 'maximum':
      case 'exclusiveMaximum':
        key = 'errors.field.maximum';
        values = { limit: Number((e.params as { limit: number }).limit) };
        break;
      case 'minItems':
        key = 'errors.field.minItems';
        values = { limit: Number((e.params as { limit: number }).limit) };
        break;
      case 'maxItems':
        key = 'errors.field.maxItems';
        values = { limit: Number((e.params as { limit: number }).limit) };
        break;
      case 'enum':
      case 'const':
      case 'anyOf':
        key = 'errors.field.oneOf';
        values = {
          allowed: ((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map(String).join(', '),
        };
        break;
      case 'format':
        key = 'errors.field.format';
        values = { format: String((e.params as { format: string }).format).replace(/-/g, '_') };
        break;
      case 'pattern':
        key = 'errors.field.pattern';
        break;
    }
    const id = `${path}|${key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ path, key, values });
  }
  return out;
}
