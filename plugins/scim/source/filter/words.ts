/* What a word token of a filter or path reads as where the grammar expects it: an attribute path or a literal value. */
import type { ScimError } from '../scim-error.ts';
import type { AttrPath, CompValue } from './ast.ts';
import type { Token } from './lexer.ts';

/** Makes the parser's error (invalidFilter or invalidPath) from a detail. */
export type Fail = (detail: string) => ScimError;

export type Word = Token & { kind: 'word' };

const OPERATORS = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr']);

/** Whether a token is the keyword (`and`, `or`, `not`), in any case. */
export const isKeyword = (t: Token | undefined, keyword: string): t is Word => t?.kind === 'word' && t.text.toLowerCase() === keyword;

/** Whether a token is an attribute operator (`eq` ... `le`, `pr`), in any case. */
export const isOperator = (t: Token | undefined) => t?.kind === 'word' && OPERATORS.has(t.text.toLowerCase());

const ATTRNAME = /^(?:\$ref|[A-Za-z][A-Za-z0-9_-]*)$/;
const URN = /^urn:[A-Za-z0-9][A-Za-z0-9-]*(?::[^:]+)+$/i;
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/**
 * Reads `[URN ":"] ATTRNAME ["." ATTRNAME]` (RFC 7644 §3.4.2.2 attrPath) from a word found at `pos`. The URN is
 * everything up to the last colon: `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
 */
export function attrPathOf(text: string, pos: number, fail: Fail): AttrPath {
  const colon = text.lastIndexOf(':');
  const uri = colon >= 0 ? text.slice(0, colon) : undefined;
  if (uri !== undefined && !URN.test(uri)) throw fail(`Invalid schema URN "${uri}" at position ${pos}.`);
  const parts = text.slice(colon + 1).split('.');
  if (parts.length > 2) throw fail(`Invalid attribute path "${text}" at position ${pos}: at most one sub-attribute may follow the attribute.`);
  const name = attrName(parts[0], pos + colon + 1, fail);
  const attr: AttrPath = uri === undefined ? { name } : { uri, name };
  if (parts.length === 2) attr.sub = attrName(parts[1], pos + colon + 2 + name.length, fail);
  return attr;
}

/** An attribute name: ALPHA *(ALPHA / DIGIT / "-" / "_"), or `$ref`. */
export function attrName(text: string, pos: number, fail: Fail): string {
  if (text === '') throw fail(`Expected an attribute name at position ${pos}.`);
  if (!ATTRNAME.test(text)) throw fail(`Invalid attribute name "${text}" at position ${pos}: a name starts with a letter and holds letters, digits, "-" and "_".`);
  return text;
}

/** A compValue that is not a string: `true`, `false`, `null` (in any case, as ABNF literals are) or a JSON number. */
export function literalOf(text: string, pos: number, fail: Fail): CompValue {
  const lower = text.toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  if (lower === 'null') return null;
  if (!NUMBER.test(text)) throw fail(`Invalid value "${text}" at position ${pos}: a value is a quoted string, a number, true, false or null.`);
  const n = Number(text);
  if (!Number.isFinite(n)) throw fail(`The number ${text} at position ${pos} is out of range.`);
  return n;
}

/** An attribute path as a filter writes it: `urn:...:User:name.givenName`. */
export const attrPathText = (attr: AttrPath) => `${attr.uri === undefined ? '' : `${attr.uri}:`}${attr.name}${attr.sub === undefined ? '' : `.${attr.sub}`}`;
