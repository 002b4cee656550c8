import type { Problem } from '../../schemas/types.ts';
import { catalogueEntry, type ErrorCode } from '../kernel/error-catalogue.ts';
import { errorCode, type FieldProblem } from '../kernel/errors.ts';

interface AnyError {
  type?: string;
  code?: number | string;
  status?: number;
  message?: string;
  data?: { detail?: string; errors?: FieldProblem[] };
}

/** body-parser and moleculer-web errors that mean something to a client, in catalogue terms. */
function edgeCode(err: AnyError): ErrorCode | null {
  switch (err.type) {
    case 'entity.parse.failed': return 'invalid_json';
    case 'entity.too.large': return 'payload_too_large';
    case 'charset.unsupported':
    case 'encoding.unsupported': return 'unsupported_media_type';
    case 'NOT_FOUND':
    case 'UNABLE_DECODE_PARAM': return 'route_not_found';
    case 'SERVICE_NOT_FOUND':
    case 'SERVICE_NOT_AVAILABLE':
    case 'REQUEST_TIMEOUT':
    case 'REQUEST_REJECTED': return 'unavailable';
    default: return null;
  }
}

/** Renders any error as RFC 9457 problem details; internal errors say nothing of their cause. */
export function toProblem(err: unknown, instance: string, requestId: string | null): Problem {
  const e = (err ?? {}) as AnyError;
  const code = edgeCode(e) ?? errorCode(err);
  const entry = catalogueEntry(code);
  const fromCatalogue = code !== 'internal' && edgeCode(e) === null;
  const detail = fromCatalogue ? (e.data?.detail ?? e.message) : undefined;
  return {
    type: `urn:idp:error:${code}`,
    title: entry.title,
    status: entry.status,
    code,
    ...(detail && detail !== entry.title ? { detail } : {}),
    instance,
    ...(requestId ? { request_id: requestId } : {}),
    ...(fromCatalogue && e.data?.errors?.length ? { errors: e.data.errors } : {}),
  };
}
