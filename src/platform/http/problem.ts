/** RFC 9457 problem+json in the caller's language, with field-level detail. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldProblem } from '../errors.ts';
import { type Locale, t } from '../i18n/i18n.ts';
import { toFieldProblems } from './validation.ts';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  requestId: string;
  errors?: { path: string; message: string; code: string }[];
}

export function problemFor(err: AppError, locale: Locale, requestId: string, instance?: string): ProblemBody {
  const body: ProblemBody = {
    type: `https://fasttrack.center/problems/${err.code.replace(/_/g, '-')}`,
    title: t(locale, `errors.title.${err.code}`),
    status: err.status,
    code: err.code,
    requestId,
    instance,
  };
  if (err.detailKey) body.detail = t(locale, err.detailKey, err.detailValues);
  if (err.fields.length > 0) {
    body.errors = err.fields.map((f: FieldProblem) => ({
      path: f.path,
      code: f.key.replace(/^errors\.field\./, ''),
      message: t(locale, f.key, f.values),
    }));
  }
  return body;
}

/** Maps anything thrown to an AppError. Unknown errors are 500s and logged. */
export function toAppError(error: FastifyError | Error): AppError {
  if (error instanceof AppError) return error;
  const fe = error as FastifyError & { validationContext?: string };
  if (fe.validation) {
    return new AppError(
      'validation',
      'errors.detail.validation',
      {},
      toFieldProblems(fe.validation as never, fe.validationContext ?? 'body'),
    );
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('malformed_json', 'errors.detail.malformedJson', {}, [
        { path: '/body', key: 'errors.field.json' },
      ]);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'errors.detail.payloadTooLarge');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('unsupported_media_type', 'errors.detail.unsupportedMediaType');
  }
  if (fe.statusCode === 429) return new AppError('rate_limited', 'errors.detail.rateLimited');
  if (error instanceof SyntaxError || fe.statusCode === 400) {
    return new AppError('malformed_json', 'errors.detail.malformedJson', {}, [
      { path: '/body', key: 'errors.field.json' },
    ]);
  }
  if (fe.statusCode === 413) return new AppError('payload_too_large', 'errors.detail.payloadTooLarge');
  if (fe.statusCode === 415)
    return new AppError('unsupported_media_type', 'errors.detail.unsupportedMediaType');
  return new AppError('internal', 'errors.detail.internal');
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, err: AppError): FastifyReply {
  const locale = req.actor?.locale ?? 'en';
  return reply
    .status(err.status)
    .type('application/problem+json')
    .send(problemFor(err, locale, String(req.id), req.url.split('?')[0]));
}
