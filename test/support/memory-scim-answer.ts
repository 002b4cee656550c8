export type Resource = Record<string, any> & { id: string };
/** What the memory SCIM server sends: a status, an optional JSON body and extra headers. */
export type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const scimError = (status: number, detail: string, scimType?: string): Answer => ({ status, body: { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail } });
