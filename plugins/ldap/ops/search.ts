import { randomBytes } from 'node:crypto';
import type { ServedEntry } from '../directory/served-entry.ts';
import type { LdapProvider } from '../directory/served-providers.ts';
import { SUBSCHEMA_DN } from '../directory/root-entries.ts';
import { DnError, isChildOf, isDescendantOrSelf, normalizeDN, parentDN } from '../protocol/dn.ts';
import { decodePagedRequest, encodePagedResponse } from '../protocol/paged-results.ts';
import { PAGED_RESULTS_OID, ResultCode, type Request } from '../protocol/types.ts';
import { selectAttributes, selection } from '../search/attribute-selection.ts';
import { candidates } from '../search/candidates.ts';
import { compileFilter } from '../search/filter-match.ts';
import { viewer } from '../search/visibility.ts';
import type { Exchange } from './context.ts';

type SearchRequest = Extract<Request, { op: 'search' }>;

const MAX_PAGED_SEARCHES = 16;

/** Entries in scope of a search below `nbase`, from candidates if the filter narrowed them. */
function inScope(provider: LdapProvider, req: SearchRequest, nbase: string, base: ServedEntry, narrowed: ReadonlySet<ServedEntry> | null): ServedEntry[] {
  if (req.scope === 'base') return narrowed && !narrowed.has(base) ? [] : [base];
  const pool = narrowed ? provider.tree.sort(narrowed) : provider.tree.all();
  if (req.scope === 'one') return pool.filter((e) => isChildOf(e.ndn, nbase));
  return nbase === provider.tree.nbase && !narrowed ? pool : pool.filter((e) => isDescendantOrSelf(e.ndn, nbase));
}

/** The nearest served ancestor of a DN that is not there (matchedDN of a noSuchObject). */
function matchedDN(provider: LdapProvider, ndn: string): string {
  for (let dn = parentDN(ndn); dn !== null && dn !== ''; dn = parentDN(dn)) {
    const found = provider.tree.entry(dn);
    if (found) return found.dn;
  }
  return '';
}

/**
 * Sends the matched entries and the searchDone, honouring sizeLimit and the paged results control. `find` runs once
 * per search: later pages come from what the first page found (a paged dump is not a scan per page).
 */
function deliver(x: Exchange, req: SearchRequest, find: () => ServedEntry[]): void {
  const sel = selection(req.attributes);
  const send = (entries: ServedEntry[]) => {
    for (const e of entries) x.send({ op: 'searchEntry', dn: e.dn, attributes: selectAttributes(e, sel, req.typesOnly) });
  };
  const paging = x.controls.find((c) => c.oid === PAGED_RESULTS_OID);
  if (!paging) {
    const matched = find();
    const over = req.sizeLimit > 0 && matched.length > req.sizeLimit;
    send(over ? matched.slice(0, req.sizeLimit) : matched);
    return x.send({ op: 'searchDone', code: over ? ResultCode.sizeLimitExceeded : ResultCode.success });
  }
  let paged: { size: number; cookie: Buffer };
  try {
    paged = decodePagedRequest(paging.value);
  } catch {
    return x.send({ op: 'searchDone', code: ResultCode.protocolError, diagnostic: 'The paged results control value could not be decoded.' });
  }
  const { size, cookie } = paged;
  const key = JSON.stringify([req.base, req.scope, req.filter, req.attributes, req.typesOnly, x.session.bound?.dn]);
  const id = cookie.toString('hex');
  let state = id ? x.session.paged.get(id) : undefined;
  if (id && (!state || state.key !== key)) {
    x.session.paged.delete(id);
    return x.send({ op: 'searchDone', code: ResultCode.unwillingToPerform, diagnostic: 'The paged results cookie is not valid for this search.' });
  }
  if (id) x.session.paged.delete(id);
  if (size === 0) return x.send({ op: 'searchDone', code: ResultCode.success }, [encodePagedResponse(0, Buffer.alloc(0))]);
  if (!state) {
    const matched = find();
    const limited = req.sizeLimit > 0 && matched.length > req.sizeLimit;
    state = { key, entries: limited ? matched.slice(0, req.sizeLimit) : matched, offset: 0, limited };
  }
  const page = state.entries.slice(state.offset, state.offset + size);
  send(page);
  state.offset += page.length;
  let next = Buffer.alloc(0);
  if (state.offset < state.entries.length) {
    if (x.session.paged.size >= MAX_PAGED_SEARCHES) x.session.paged.delete(x.session.paged.keys().next().value!);
    next = randomBytes(12);
    x.session.paged.set(next.toString('hex'), state);
  }
  const code = next.length === 0 && state.limited ? ResultCode.sizeLimitExceeded : ResultCode.success;
  x.send({ op: 'searchDone', code }, [encodePagedResponse(state.entries.length, next)]);
}

/**
 * Search (RFC 4511 §4.5). The root DSE and the schema answer anyone; everything else needs a bind to the provider
 * that holds the search base, and shows what the bound user may see. Equality filters on indexed attributes look
 * entries up; any other filter is tested against every entry in scope.
 */
export function search(x: Exchange, req: SearchRequest): void {
  const done = (code: ResultCode, diagnostic?: string, matched?: string) => x.send({ op: 'searchDone', code, diagnostic, matchedDN: matched });
  const provider = x.ctx.providers.forDN(req.base);
  const test = compileFilter(req.filter, { customAttributes: provider?.tree.customNames });
  let nbase: string;
  try {
    nbase = normalizeDN(req.base);
  } catch (err) {
    if (err instanceof DnError) return done(ResultCode.invalidDNSyntax, 'The search base is not a DN.');
    throw err;
  }
  if (nbase === '' || nbase === SUBSCHEMA_DN) {
    if (req.scope !== 'base') return done(ResultCode.noSuchObject, 'Only a base search is possible here.');
    const entry = nbase === '' ? x.ctx.rootDSE() : x.ctx.subschema();
    return deliver(x, req, () => (test(entry) ? [entry] : []));
  }
  if (provider?.served.config.require_tls && !x.session.tls) return done(ResultCode.confidentialityRequired, 'This directory requires TLS: use StartTLS or LDAPS.');
  const bound = x.session.bound;
  if (!bound) return done(ResultCode.insufficientAccessRights, 'Bind first: anonymous searches are not allowed.');
  if (!provider) return done(ResultCode.noSuchObject, 'No directory holds this base DN.', '');
  if (bound.provider.served.id !== provider.served.id) return done(ResultCode.insufficientAccessRights, 'The bound user belongs to another directory.');
  const view = viewer(provider, bound.userPk);
  const baseEntry = provider.tree.entry(nbase);
  if (!baseEntry || !view(baseEntry)) return done(ResultCode.noSuchObject, 'No such entry.', matchedDN(provider, nbase));
  deliver(x, req, () => {
    const matched: ServedEntry[] = [];
    for (const entry of inScope(provider, req, nbase, baseEntry, candidates(req.filter, provider.tree.index))) {
      const shown = view(entry);
      if (shown && test(shown)) matched.push(shown);
    }
    return matched;
  });
}
