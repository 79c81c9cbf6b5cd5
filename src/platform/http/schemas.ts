/** Shared TypeBox schemas for the HTTP layer. */
import Type, { type TSchema } from 'typebox';
import { ID_PATTERN } from '../ids.ts';

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    requestId: Type.String(),
    errors: Type.Optional(
      Type.Array(Type.Object({ path: Type.String(), code: Type.String(), message: Type.String() })),
    ),
  },
  { description: 'RFC 9457 problem details' },
);

const ProblemRef = Problem;

/** Error responses every authenticated route may give. */
export const errorResponses = {
  400: ProblemRef,
  401: ProblemRef,
  403: ProblemRef,
  404: ProblemRef,
  409: ProblemRef,
  413: ProblemRef,
  415: ProblemRef,
  429: ProblemRef,
};

export const Id = (description?: string) => Type.String({ pattern: ID_PATTERN, description });
export const IdParams = Type.Object({ id: Id() });
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Timestamp = Type.String({ format: 'date-time' });
/** A day that exists, `YYYY-MM-DD`, 1900–9999 (the `date` format: see validation.ts). */
export const DateString = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const NoContent = Type.Null({ description: 'No content' });
export const Ok = Type.Object({ ok: Type.Boolean() });

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const PageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
};
