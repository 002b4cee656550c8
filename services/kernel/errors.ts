import { Errors } from 'moleculer';
import { ERROR_CATALOGUE, type ErrorCode } from './error-catalogue.ts';

/** One problem in a request, located by a JSON pointer into the payload. */
export interface FieldProblem {
  pointer: string;
  message: string;
}

export interface ErrorData {
  detail?: string;
  errors?: FieldProblem[];
  [key: string]: unknown;
}

/**
 * The platform's error. It travels across NATS as a plain Moleculer error, so code checks `type` (the catalogue
 * code), never `instanceof`. `data` holds only what is safe to show a caller.
 */
export class IdpError extends Errors.MoleculerError {
  constructor(code: ErrorCode, data: ErrorData = {}) {
    const entry = ERROR_CATALOGUE[code];
    super(data.detail ?? entry.title, entry.status, code, data);
    this.name = 'IdpError';
    this.retryable = entry.status === 503;
  }
}

export const notFound = (model: string, pk: unknown) => new IdpError('not_found', { detail: `No ${model} has the id ${JSON.stringify(pk)}.` });

/** The catalogue code of any error, whether it was raised here or came back over the transporter. */
export function errorCode(err: unknown): ErrorCode {
  const type = (err as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type in ERROR_CATALOGUE ? (type as ErrorCode) : 'internal';
}
