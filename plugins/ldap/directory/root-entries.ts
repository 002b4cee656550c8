import { PAGED_RESULTS_OID, STARTTLS_OID, WHOAMI_OID } from '../protocol/types.ts';
import { subschemaAttributes } from '../schema/schema.ts';
import { servedEntry, type ServedEntry } from './served-entry.ts';
import type { LdapProvider } from './served-providers.ts';

export const SUBSCHEMA_DN = 'cn=subschema';

/** The root DSE (RFC 4512 §5.1): what the server supports, readable before binding so clients can find StartTLS. */
export function rootDSE(providers: readonly LdapProvider[], version: string): ServedEntry {
  const bases = providers.map((p) => p.tree.tree.base);
  return servedEntry('', '', { kind: 'container' }, [
    ['objectClass', ['top']],
    ['entryDN', ['']],
    ['namingContexts', bases],
    ['rootDomainNamingContext', bases.slice(0, 1)],
    ['subschemaSubentry', [SUBSCHEMA_DN]],
    ['supportedLDAPVersion', ['3']],
    ['supportedExtension', [STARTTLS_OID, WHOAMI_OID]],
    ['supportedControl', [PAGED_RESULTS_OID]],
    ['supportedFeatures', ['1.3.6.1.4.1.4203.1.5.1', '1.3.6.1.4.1.4203.1.5.3']],
    ['vendorName', ['idp-core']],
    ['vendorVersion', [version]],
  ]);
}

/** The subschema subentry: every class, attribute type, syntax and matching rule served, including the custom attributes entries carry now. */
export function subschemaEntry(providers: readonly LdapProvider[]): ServedEntry {
  const extra = new Map<string, string>();
  for (const p of providers) for (const name of p.tree.customNames) if (!extra.has(name.toLowerCase())) extra.set(name.toLowerCase(), name);
  return servedEntry(SUBSCHEMA_DN, SUBSCHEMA_DN, { kind: 'container' }, [
    ['objectClass', ['top', 'subentry', 'subschema', 'extensibleObject']],
    ['cn', ['subschema']],
    ['subtreeSpecification', ['{}']],
    ...subschemaAttributes([...extra.values()]).map((a): [string, string[]] => [a.type, a.values.map(String)]),
  ]);
}
