/** LDAPv3 protocol data units (RFC 4511 §4) as the server sees them: decoded requests and the responses it encodes. */

/** Result codes (RFC 4511 §4.1.9) the server sends. */
export const ResultCode = {
  success: 0,
  operationsError: 1,
  protocolError: 2,
  timeLimitExceeded: 3,
  sizeLimitExceeded: 4,
  compareFalse: 5,
  compareTrue: 6,
  authMethodNotSupported: 7,
  strongerAuthRequired: 8,
  unavailableCriticalExtension: 12,
  confidentialityRequired: 13,
  noSuchAttribute: 16,
  undefinedAttributeType: 17,
  inappropriateMatching: 18,
  noSuchObject: 32,
  invalidDNSyntax: 34,
  inappropriateAuthentication: 48,
  invalidCredentials: 49,
  insufficientAccessRights: 50,
  busy: 51,
  unavailable: 52,
  unwillingToPerform: 53,
  other: 80,
} as const;
export type ResultCode = (typeof ResultCode)[keyof typeof ResultCode];

export interface Control {
  oid: string;
  critical: boolean;
  /** The controlValue octets, when present. */
  value?: Buffer;
}

/** A search filter (RFC 4511 §4.5.1); attribute descriptions as sent (case preserved), values as raw octets decoded as UTF-8. */
export type Filter =
  | { type: 'and'; filters: Filter[] }
  | { type: 'or'; filters: Filter[] }
  | { type: 'not'; filter: Filter }
  | { type: 'equality' | 'greaterOrEqual' | 'lessOrEqual' | 'approxMatch'; attribute: string; value: string }
  | { type: 'substrings'; attribute: string; initial?: string; any: string[]; final?: string }
  | { type: 'present'; attribute: string }
  | { type: 'extensible'; matchingRule?: string; attribute?: string; value: string; dnAttributes: boolean };

export type SearchScope = 'base' | 'one' | 'sub';

export type Request =
  | { op: 'bind'; version: number; name: string; auth: { kind: 'simple'; password: Buffer } | { kind: 'sasl'; mechanism: string; credentials?: Buffer } }
  | { op: 'unbind' }
  | {
      op: 'search';
      base: string;
      scope: SearchScope;
      /** 0 never, 1 in searching, 2 finding base, 3 always; the server treats all alike (it serves no aliases). */
      derefAliases: number;
      sizeLimit: number;
      timeLimit: number;
      typesOnly: boolean;
      filter: Filter;
      attributes: string[];
    }
  | { op: 'compare'; entry: string; attribute: string; value: string }
  | { op: 'abandon'; messageId: number }
  | { op: 'extended'; oid: string; value?: Buffer }
  /** modify, add, delete, modDN: the directory is read-only over LDAP; the server answers unwillingToPerform. */
  | { op: 'modify' | 'add' | 'delete' | 'modifyDN' };

export interface RequestMessage {
  messageId: number;
  request: Request;
  controls: Control[];
}

export interface LdapResult {
  code: ResultCode;
  matchedDN?: string;
  diagnostic?: string;
}

/** One attribute of an entry: its description as served and its values (strings are UTF-8). */
export interface Attribute {
  type: string;
  values: (string | Buffer)[];
}

export type Response =
  | ({ op: 'bind' } & LdapResult)
  | { op: 'searchEntry'; dn: string; attributes: Attribute[] }
  | ({ op: 'searchDone' } & LdapResult)
  | ({ op: 'compare' } & LdapResult)
  | ({ op: 'modify' | 'add' | 'delete' | 'modifyDN' } & LdapResult)
  | ({ op: 'extended'; responseName?: string; responseValue?: Buffer } & LdapResult)
  /** An unsolicited notification (messageId 0), e.g. Notice of Disconnection 1.3.6.1.4.1.1466.20036. */
  | ({ op: 'notice'; responseName: string } & LdapResult);

export interface ResponseMessage {
  messageId: number;
  response: Response;
  controls?: Control[];
}

/** The paged results control (RFC 2696). */
export const PAGED_RESULTS_OID = '1.2.840.113556.1.4.319';
export const STARTTLS_OID = '1.3.6.1.4.1.1466.20037';
export const WHOAMI_OID = '1.3.6.1.4.1.4203.1.11.3';
export const NOTICE_OF_DISCONNECTION_OID = '1.3.6.1.4.1.1466.20036';
