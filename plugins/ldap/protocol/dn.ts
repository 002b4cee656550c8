/** Distinguished names as strings (RFC 4514): parsing, escaping, formatting and the normalized form used to compare them. */
import { attributeKey, attributeType } from '../schema/schema.ts';

/** A DN string that is not valid RFC 4514 syntax. */
export class DnError extends Error {
  override name = 'DnError';
}

/** One attribute type and value of an RDN; a `#hex` BER value is kept as written, `hex` marking it. */
export interface Ava {
  type: string;
  value: string;
  hex?: true;
}

/** A relative distinguished name: one or more AVAs (joined by `+`). */
export type Rdn = Ava[];

const TYPE = /[A-Za-z][A-Za-z0-9-]*|(?:0|[1-9]\d*)(?:\.(?:0|[1-9]\d*))+/y;
const HEX_VALUE = /#(?:[0-9A-Fa-f]{2})+/y;
const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;
const SPECIAL = '"+,;<>\\ #=';
const NEEDS_ESCAPE = /["+,;<>\\\0]|^[ #]| $/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

// Unescaped spaces around `,`, `+` and `=` are ignored, as RFC 4514 §4 lets a server accept other forms (RFC 2253's);
// escaped ones are kept. Only `,` separates RDNs (not `;`).

/** The RDNs of a DN string, the leftmost first (the empty string is the empty DN); throws DnError. */
export function parseDN(s: string): Rdn[] {
  const rdns: Rdn[] = [];
  if (s === '') return rdns;
  const at = { i: 0 };
  for (;;) {
    const rdn: Rdn = [parseAva(s, at)];
    while (s[at.i] === '+') {
      at.i++;
      rdn.push(parseAva(s, at));
    }
    rdns.push(rdn);
    if (at.i === s.length) return rdns;
    if (s[at.i] !== ',') throw new DnError(`Unexpected "${s[at.i]}" at ${at.i} in DN "${s}"`);
    at.i++;
  }
}

function skipSpaces(s: string, at: { i: number }): void {
  while (s[at.i] === ' ') at.i++;
}

function parseAva(s: string, at: { i: number }): Ava {
  skipSpaces(s, at);
  TYPE.lastIndex = at.i;
  const type = TYPE.exec(s)?.[0];
  if (type === undefined) throw new DnError(`Attribute type expected at ${at.i} in DN "${s}"`);
  at.i += type.length;
  skipSpaces(s, at);
  if (s[at.i] !== '=') throw new DnError(`"=" expected at ${at.i} in DN "${s}"`);
  at.i++;
  skipSpaces(s, at);
  if (s[at.i] === '#') {
    HEX_VALUE.lastIndex = at.i;
    const value = HEX_VALUE.exec(s)?.[0];
    if (value === undefined) throw new DnError(`Invalid #hex value at ${at.i} in DN "${s}"`);
    at.i += value.length;
    skipSpaces(s, at);
    if (at.i < s.length && s[at.i] !== ',' && s[at.i] !== '+') throw new DnError(`Unexpected "${s[at.i]}" after #hex value in DN "${s}"`);
    return { type, value, hex: true };
  }
  return { type, value: parseString(s, at) };
}

function parseString(s: string, at: { i: number }): string {
  let value = '';
  let kept = 0;
  let bytes: number[] = [];
  const flush = () => {
    if (bytes.length === 0) return;
    try {
      value += utf8.decode(Uint8Array.from(bytes));
    } catch {
      throw new DnError(`Escaped bytes are not UTF-8 in DN "${s}"`);
    }
    bytes = [];
    kept = value.length;
  };
  for (; at.i < s.length; at.i++) {
    const c = s[at.i];
    if (c === ',' || c === '+') break;
    if (c === '\\') {
      const pair = s.slice(at.i + 1, at.i + 3);
      if (HEX_PAIR.test(pair)) {
        bytes.push(Number.parseInt(pair, 16));
        at.i += 2;
        continue;
      }
      flush();
      if (pair === '' || !SPECIAL.includes(pair[0])) throw new DnError(`Invalid escape at ${at.i} in DN "${s}"`);
      value += pair[0];
      kept = value.length;
      at.i++;
      continue;
    }
    flush();
    if (c === '"' || c === ';' || c === '<' || c === '>' || c === '\0') throw new DnError(`Unescaped "${c}" at ${at.i} in DN "${s}"`);
    value += c;
    if (c !== ' ') kept = value.length;
  }
  flush();
  return value.slice(0, kept);
}

/** An attribute value escaped for a DN string: `"+,;<>\` and NUL always, a leading space or `#`, a trailing space. */
export function escapeDNValue(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\0') out += '\\00';
    else if ('"+,;<>\\'.includes(c) || (i === 0 && (c === ' ' || c === '#')) || (i === value.length - 1 && c === ' ')) out += `\\${c}`;
    else out += c;
  }
  return out;
}

/** The RFC 4514 string of RDNs. */
export function formatDN(rdns: readonly Rdn[]): string {
  return rdns.map((rdn) => rdn.map((ava) => `${ava.type}=${ava.hex ? ava.value : escapeDNValue(ava.value)}`).join('+')).join(',');
}

const normalized = new Map<string, string>();
const NORMALIZED_CACHE_SIZE = 65_536;

/** The canonical DN for comparisons and keys: schema type names lower-cased, values per their equality rule (hex lower-cased), RDN parts sorted; throws DnError. */
export function normalizeDN(s: string): string {
  const cached = normalized.get(s);
  if (cached !== undefined) return cached;
  const result = parseDN(s)
    .map((rdn) => rdn.map(normalizeAva).sort().join('+'))
    .join(',');
  if (normalized.size >= NORMALIZED_CACHE_SIZE) normalized.clear();
  normalized.set(s, result);
  return result;
}

/** What normalizeDN gives for `<type>=<value>,<nparent>` (one AVA below a normalized parent), without parsing. */
export function childNDN(type: string, value: string, nparent: string): string {
  return `${normalizeAva({ type, value })},${nparent}`;
}

function normalizeAva(ava: Ava): string {
  const key = attributeKey(ava.type);
  if (ava.hex) return `${key}=${ava.value.toLowerCase()}`;
  return `${key}=${escapeDNValue(attributeType(ava.type).equality?.normalize(ava.value) ?? ava.value)}`;
}

/** Whether the normalized DN `ndn` is `nbase` or below it (every DN is below the empty DN). */
export function isDescendantOrSelf(ndn: string, nbase: string): boolean {
  if (nbase === '' || ndn === nbase) return true;
  const comma = ndn.length - nbase.length - 1;
  if (comma < 1 || ndn[comma] !== ',' || !ndn.endsWith(nbase)) return false;
  let backslashes = 0;
  while (ndn[comma - 1 - backslashes] === '\\') backslashes++;
  return backslashes % 2 === 0;
}

/** Whether the normalized DN `ndn` is directly below `nbase` (its first RDN is all that comes before `,<nbase>`). */
export function isChildOf(ndn: string, nbase: string): boolean {
  if (ndn === nbase || !isDescendantOrSelf(ndn, nbase)) return false;
  const rdn = nbase === '' ? ndn : ndn.slice(0, ndn.length - nbase.length - 1);
  for (let i = 0; i < rdn.length; i++) {
    if (rdn[i] === '\\') i++;
    else if (rdn[i] === ',') return false;
  }
  return true;
}

/** The DN of the parent entry (re-formatted by formatDN); null for the empty DN. */
export function parentDN(dn: string): string | null {
  const rdns = parseDN(dn);
  return rdns.length === 0 ? null : formatDN(rdns.slice(1));
}
