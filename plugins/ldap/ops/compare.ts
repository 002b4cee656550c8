import { DnError, normalizeDN } from '../protocol/dn.ts';
import { ResultCode, type Request } from '../protocol/types.ts';
import { attributeKey } from '../schema/schema.ts';
import { compileFilter } from '../search/filter-match.ts';
import { viewer } from '../search/visibility.ts';
import type { Exchange } from './context.ts';

type CompareRequest = Extract<Request, { op: 'compare' }>;

/** Compare (RFC 4511 §4.10) under the attribute's equality rule, on what the bound user may see. */
export function compare(x: Exchange, req: CompareRequest): void {
  const reply = (code: ResultCode, diagnostic?: string) => x.send({ op: 'compare', code, diagnostic });
  const bound = x.session.bound;
  if (!bound) return reply(ResultCode.insufficientAccessRights, 'Bind first: anonymous compares are not allowed.');
  if (bound.provider.served.config.require_tls && !x.session.tls) return reply(ResultCode.confidentialityRequired, 'This directory requires TLS: use StartTLS or LDAPS.');
  let ndn: string;
  try {
    ndn = normalizeDN(req.entry);
  } catch (err) {
    if (err instanceof DnError) return reply(ResultCode.invalidDNSyntax, 'The entry is not a DN.');
    throw err;
  }
  const found = bound.provider.tree.entry(ndn);
  const entry = found && viewer(bound.provider, bound.userPk)(found);
  if (!entry) return reply(ResultCode.noSuchObject, 'No such entry.');
  if (!entry.attrs.has(attributeKey(req.attribute))) return reply(ResultCode.noSuchAttribute, 'The entry has no such attribute.');
  const matches = compileFilter({ type: 'equality', attribute: req.attribute, value: req.value }, { customAttributes: bound.provider.tree.customNames })(entry);
  reply(matches ? ResultCode.compareTrue : ResultCode.compareFalse);
}
