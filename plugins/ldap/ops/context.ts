import type { Identity, Logger, Metrics } from '../../sdk/index.ts';
import type { ServedProviders } from '../directory/served-providers.ts';
import type { ServedEntry } from '../directory/served-entry.ts';
import type { Control, Response } from '../protocol/types.ts';
import type { Throttle } from '../../sdk/index.ts';
import type { Session } from '../server/session.ts';

/** What every operation handler can reach: the providers' trees, the platform's sign-in checks, throttles and the fixed entries. */
export interface LdapContext {
  providers: ServedProviders;
  identity: Identity;
  userThrottle: Throttle;
  addressThrottle: Throttle;
  rootDSE(): ServedEntry;
  subschema(): ServedEntry;
  logger: Logger;
  metrics: Metrics;
}

/** One request being answered: the session it came on and how to send responses to it. */
export interface Exchange {
  ctx: LdapContext;
  session: Session;
  controls: Control[];
  send(response: Response, controls?: Control[]): void;
}
