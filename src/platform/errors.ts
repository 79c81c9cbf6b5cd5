/**
 * One transport-agnostic error. Routes throw AppError; the HTTP layer turns it into RFC 9457
 * problem+json in the caller's language. `code` is also the message-catalogue key of the title.
 */
export type ErrorCode =
  | 'validation'
  | 'malformed_json'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'csrf'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'rate_limited'
  | 'token_invalid'
  | 'internal';

export const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  malformed_json: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  unauthenticated: 401,
  invalid_credentials: 401,
  csrf: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  rate_limited: 429,
  token_invalid: 400,
  internal: 500,
};

/** A problem with one field. `path` is a JSON pointer into the request (`/body/email`). */
/** One token of a JSON pointer (RFC 6901): `~` and `/` inside a name are escaped. */
export const pointerToken = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');

export interface FieldProblem {
  path: string;
  /** catalogue key, e.g. `errors.field.required` */
  key: string;
  values?: Record<string, string | number>;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    /** catalogue key of the detail sentence */
    readonly detailKey?: string,
    readonly detailValues: Record<string, string | number> = {},
    readonly fields: FieldProblem[] = [],
  ) {
    super(detailKey ?? code);
    this.status = STATUS[code];
    this.name = 'AppError';
  }
}

export const notFound = (what = 'resource') => new AppError('not_found', 'errors.detail.notFound', { what });
export const forbidden = (detailKey = 'errors.detail.forbidden') => new AppError('forbidden', detailKey);
export const fieldError = (path: string, key: string, values?: Record<string, string | number>) =>
  new AppError('validation', 'errors.detail.validation', {}, [{ path, key, values }]);
export const conflict = (
  detailKey: string,
  values: Record<string, string | number> = {},
  fields: FieldProblem[] = [],
) => new AppError('conflict', detailKey, values, fields);
