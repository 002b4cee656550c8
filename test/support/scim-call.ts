export const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export type Reply = { status: number; headers: Headers; body: any };

/** Calls a SCIM server over HTTP (global fetch) with a bearer token; `raw` sends a string body as it is. */
export function scimCaller(base: string, token: string) {
  return async (method: string, path: string, body?: unknown, raw = false): Promise<Reply> => {
    const res = await fetch(base + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }, body: body === undefined ? undefined : raw ? String(body) : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };
}

export const patchOp = (...Operations: object[]) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations });

export const scimUser = (userName: string, extra: object = {}) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, externalId: `ext-${userName}`, active: true, name: { givenName: 'Ada', familyName: userName }, emails: [{ value: `${userName}@example.org`, type: 'work', primary: true }], ...extra });

export const scimGroup = (displayName: string, members: string[] = []) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName, members: members.map((value) => ({ value })) });
