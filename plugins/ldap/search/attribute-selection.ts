import { servedName, type ServedEntry } from '../directory/served-entry.ts';
import type { Attribute } from '../protocol/types.ts';
import { attributeKey, attributeType } from '../schema/schema.ts';

/** Operational attributes: returned only when asked for by name or with "+" (RFC 3673). */
const OPERATIONAL = new Set(['entrydn', 'subschemasubentry', 'hassubordinates', 'entryuuid', 'structuralobjectclass']);

/** Which attributes a search returns: all user attributes ("*" or none listed), operational ones ("+"), named ones; "1.1" alone means none. */
export interface Selection {
  user: boolean;
  operational: boolean;
  named: Set<string>;
}

export function selection(attributes: string[]): Selection {
  const named = new Set<string>();
  let user = attributes.length === 0;
  let operational = false;
  for (const a of attributes) {
    if (a === '*') user = true;
    else if (a === '+') operational = true;
    else if (a !== '1.1') named.add(attributeKey(a.split(';')[0]));
  }
  return { user, operational, named };
}

/** The entry's computed operational attributes. */
function operationalOf(entry: ServedEntry): Attribute[] {
  const out: Attribute[] = [
    { type: 'entryDN', values: [entry.dn] },
    { type: 'subschemaSubentry', values: ['cn=subschema'] },
    { type: 'hasSubordinates', values: [entry.owner.kind === 'container' && entry.ndn !== 'cn=subschema' ? 'TRUE' : 'FALSE'] },
  ];
  const structural = entry.attrs.get('objectclass')?.find((c) => c !== 'top');
  if (structural) out.push({ type: 'structuralObjectClass', values: [structural] });
  return out;
}

/**
 * The attributes of an entry to send, in its own order, with values left out for typesOnly. The operational types the
 * root DSE and the subschema entry carry (namingContexts, attributeTypes, …) come with "*", as authentik serves them,
 * and with "+" (RFC 3673).
 */
export function selectAttributes(entry: ServedEntry, sel: Selection, typesOnly: boolean): Attribute[] {
  const out: Attribute[] = [];
  for (const [key, values] of entry.attrs) {
    const wanted = OPERATIONAL.has(key) ? sel.operational : sel.user || (sel.operational && attributeType(key).usage !== 'userApplications');
    if (!(sel.named.has(key) || wanted)) continue;
    out.push({ type: servedName(key), values: typesOnly ? [] : values });
  }
  if (!sel.operational && !OPERATIONAL_NAMED(sel)) return out;
  for (const a of operationalOf(entry)) {
    const key = attributeKey(a.type);
    if (entry.attrs.has(key) || !(sel.operational || sel.named.has(key))) continue;
    out.push(typesOnly ? { type: a.type, values: [] } : a);
  }
  return out;
}

const OPERATIONAL_NAMED = (sel: Selection) => sel.named.size > 0 && [...sel.named].some((k) => OPERATIONAL.has(k));
