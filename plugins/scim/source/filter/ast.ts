import type { CompareOp } from '../../../sdk/index.ts';

/** An attribute path as written in a filter or PATCH path: an optional schema URN, an attribute, an optional sub-attribute. */
export interface AttrPath {
  /** The schema URN prefix as written (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`), if any. */
  uri?: string;
  name: string;
  sub?: string;
}

export type CompValue = string | number | boolean | null;

/** A parsed SCIM filter (RFC 7644 §3.4.2.2), names as written (not yet resolved against a schema). */
export type ScimFilter =
  | { op: 'and' | 'or'; left: ScimFilter; right: ScimFilter }
  | { op: 'not'; filter: ScimFilter }
  | { op: 'pr'; attr: AttrPath }
  | { op: CompareOp; attr: AttrPath; value: CompValue }
  /** `attr[filter]`: the inner filter's attribute names are the multi-valued attribute's sub-attributes. */
  | { op: 'valuePath'; attr: AttrPath; filter: ScimFilter };

/** A PATCH `path` (RFC 7644 §3.5.2): `attrPath`, or `valuePath` with an optional `.subAttr` after the bracket. */
export interface PatchPath {
  attr: AttrPath;
  /** The bracketed value filter, whose attribute names are sub-attributes of `attr`. */
  filter?: ScimFilter;
  /** The sub-attribute after `]` (`emails[type eq "work"].value`). */
  sub?: string;
}
