/** RFC 7644 §3.12 `scimType` values. */
export type ScimType =
  | 'invalidFilter' | 'tooMany' | 'uniqueness' | 'mutability' | 'invalidSyntax' | 'invalidPath' | 'noTarget' | 'invalidValue' | 'invalidVers' | 'sensitive';

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** A SCIM protocol error: the HTTP status, `scimType` (400, 409, 413 only) and a one-sentence `detail`. */
export class ScimError extends Error {
  readonly status: number;
  readonly scimType: ScimType | undefined;
  /** Headers the response needs (`Allow` on a 405). */
  readonly headers: Record<string, string>;

  constructor(status: number, detail: string, scimType?: ScimType, headers: Record<string, string> = {}) {
    super(detail);
    this.name = 'ScimError';
    this.status = status;
    this.scimType = scimType;
    this.headers = headers;
  }

  /** The error body: `status` as a string, as RFC 7644 §3.12 shows it. */
  toBody(): Record<string, unknown> {
    return { schemas: [ERROR_SCHEMA], status: String(this.status), ...(this.scimType ? { scimType: this.scimType } : {}), detail: this.message };
  }
}

/** 400 with a scimType. */
export const badRequest = (scimType: ScimType, detail: string) => new ScimError(400, detail, scimType);

/** 405 with the methods the resource allows. */
export const methodNotAllowed = (allow: string, detail: string) => new ScimError(405, detail, undefined, { allow });
