import { PAGED_RESULTS_OID, ResultCode, WHOAMI_OID, type RequestMessage } from '../protocol/types.ts';
import { bind } from './bind.ts';
import { compare } from './compare.ts';
import type { Exchange } from './context.ts';
import { resultFor } from './responses.ts';
import { search } from './search.ts';

/** Controls the server understands, by the operation they go with. */
const UNDERSTOOD: Record<string, string[]> = { search: [PAGED_RESULTS_OID] };

/**
 * Answers one decoded request (StartTLS, unbind and abandon are the connection's; answers go out in order, so
 * there is never a running operation to abandon). Unknown critical controls get 12; the
 * directory is read-only over LDAP, so writes get 53.
 */
export async function dispatch(x: Exchange, message: RequestMessage): Promise<void> {
  const { request } = message;
  const critical = message.controls.find((c) => c.critical && !(UNDERSTOOD[request.op] ?? []).includes(c.oid));
  if (critical) {
    const response = resultFor(request.op, { code: ResultCode.unavailableCriticalExtension, diagnostic: `The critical control ${critical.oid} is not supported.` });
    if (response) x.send(response);
    return;
  }
  switch (request.op) {
    case 'bind':
      await bind(x, request);
      return;
    case 'search':
      search(x, request);
      return;
    case 'compare':
      compare(x, request);
      return;
    case 'extended':
      if (request.oid === WHOAMI_OID) {
        const dn = x.session.bound?.dn;
        x.send({ op: 'extended', code: ResultCode.success, responseValue: Buffer.from(dn ? `dn:${dn}` : '') });
        return;
      }
      x.send({ op: 'extended', code: ResultCode.protocolError, diagnostic: `The extended operation ${request.oid} is not supported.` });
      return;
    case 'modify':
    case 'add':
    case 'delete':
    case 'modifyDN':
      x.send({ op: request.op, code: ResultCode.unwillingToPerform, diagnostic: 'The directory is read-only over LDAP: change users and groups through the platform.' });
      return;
    case 'unbind':
    case 'abandon':
      return;
  }
}
