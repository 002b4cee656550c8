/**
 * The one error catalogue. Every error the platform returns carries one of these codes; each edge renders it in
 * its protocol: REST as problem+json with `status`, SCIM with `scimType`, LDAP with its result code.
 */
export interface CatalogueEntry {
  status: number;
  title: string;
  scimType?: string;
  ldapResult: number;
}

export const ERROR_CATALOGUE = {
  invalid_json: { status: 400, title: 'The request body is not valid JSON.', scimType: 'invalidSyntax', ldapResult: 2 },
  invalid_request: { status: 400, title: 'The request does not match the schema.', scimType: 'invalidValue', ldapResult: 21 },
  group_cycle: { status: 400, title: 'The parent would make the group its own ancestor.', scimType: 'invalidValue', ldapResult: 53 },
  invalid_name: { status: 400, title: 'Names must contain more than white space.', scimType: 'invalidValue', ldapResult: 21 },
  unauthenticated: { status: 401, title: 'A valid bearer token is required.', ldapResult: 49 },
  forbidden: { status: 403, title: 'The token does not allow this action.', ldapResult: 50 },
  invalid_mapping: { status: 400, title: 'The property mapping does not compile.', scimType: 'invalidValue', ldapResult: 21 },
  invalid_mfa_code: { status: 400, title: 'The code does not match the authenticator.', scimType: 'invalidValue', ldapResult: 49 },
  unknown_type: { status: 404, title: 'No loaded plugin provides this type.', ldapResult: 32 },
  not_found: { status: 404, title: 'No object has this id.', ldapResult: 32 },
  route_not_found: { status: 404, title: 'No API endpoint has this path.', ldapResult: 32 },
  username_taken: { status: 409, title: 'A user with this username exists already.', scimType: 'uniqueness', ldapResult: 68 },
  group_name_taken: { status: 409, title: 'A group with this name exists already under this parent.', scimType: 'uniqueness', ldapResult: 68 },
  slug_taken: { status: 409, title: 'An application with this slug exists already.', scimType: 'uniqueness', ldapResult: 68 },
  token_identifier_taken: { status: 409, title: 'A token with this identifier exists already.', scimType: 'uniqueness', ldapResult: 68 },
  provider_name_taken: { status: 409, title: 'A provider with this name exists already.', scimType: 'uniqueness', ldapResult: 68 },
  mapping_name_taken: { status: 409, title: 'A property mapping of this type with this name exists already.', scimType: 'uniqueness', ldapResult: 68 },
  source_name_taken: { status: 409, title: 'A source with this name exists already.', scimType: 'uniqueness', ldapResult: 68 },
  source_slug_taken: { status: 409, title: 'A source with this slug exists already.', scimType: 'uniqueness', ldapResult: 68 },
  conflict: { status: 409, title: 'The change conflicts with an existing object.', scimType: 'uniqueness', ldapResult: 68 },
  payload_too_large: { status: 413, title: 'The request body is larger than 1 MiB.', scimType: 'tooMany', ldapResult: 11 },
  unsupported_media_type: { status: 415, title: 'The request body must be application/json.', scimType: 'invalidSyntax', ldapResult: 2 },
  unavailable: { status: 503, title: 'A dependency is unavailable; retry later.', ldapResult: 52 },
  internal: { status: 500, title: 'The server failed to handle the request.', ldapResult: 80 },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export function catalogueEntry(code: string): CatalogueEntry {
  return (ERROR_CATALOGUE as Record<string, CatalogueEntry>)[code] ?? ERROR_CATALOGUE.internal;
}
