import type { ServedEntry } from '../directory/served-entry.ts';
import type { LdapProvider } from '../directory/served-providers.ts';

/** Who a connection is bound as: a user of one provider (anonymous connections have none). */
export interface Bound {
  provider: LdapProvider;
  userPk: number;
  dn: string;
}

/** A paged search in progress: what matched, how far the client has read, and the request it belongs to. */
export interface PagedSearch {
  key: string;
  entries: ServedEntry[];
  offset: number;
  /** Whether the search's sizeLimit (over all pages) cut `entries` short: the last page then ends with sizeLimitExceeded (RFC 4511 §4.5.1.5). */
  limited: boolean;
}

/** What a connection knows of itself, for the operations it runs. */
export interface Session {
  clientIp: string | null;
  tls: boolean;
  bound: Bound | null;
  paged: Map<string, PagedSearch>;
}
