import type { SourceResponse } from '../../sdk/index.ts';
import { ScimError } from './scim-error.ts';

const SCIM_JSON = 'application/scim+json; charset=utf-8';

/** A SCIM JSON response. */
export const scimJson = (status: number, body: unknown, headers: Record<string, string> = {}): SourceResponse => ({
  status, headers: { 'content-type': SCIM_JSON, ...headers }, body,
});

/** An error response in RFC 7644 §3.12's form. */
export const scimErrorResponse = (err: ScimError): SourceResponse => scimJson(err.status, err.toBody(), err.headers);

/** Any status and detail as a SCIM error response (for what the host refuses before the plugin sees it). */
export const reject = (status: number, detail: string): SourceResponse => scimErrorResponse(new ScimError(status, detail));
