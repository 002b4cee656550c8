/** A SCIM User resource body as sent to a target (RFC 7643 §4.1). */
export interface ScimUserBody {
  schemas: string[];
  userName: string;
  [attribute: string]: unknown;
}

/** A SCIM Group resource body as sent to a target (RFC 7643 §4.2), members added by the reconciler. */
export interface ScimGroupBody {
  schemas: string[];
  displayName: string;
  [attribute: string]: unknown;
}
