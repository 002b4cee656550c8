import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { ConfigProblem, Directory } from '../sdk/index.ts';
import { parseDN } from './protocol/dn.ts';

/** An LDAP provider's configuration (config.schema.json), with its defaults filled in by the host. */
export interface LdapConfig {
  base_dn: string;
  search_group: string | null;
  certificate?: string;
  tls_server_name: string;
  uid_start_number: number;
  gid_start_number: number;
  mfa_support: boolean;
  bind_mode: 'direct' | 'cached';
  search_mode: 'direct' | 'cached';
  require_tls: boolean;
}

/** The certificate and key of a PEM key pair, or why they cannot be used. */
export function readKeyPair(pem: string): { cert: string; key: string } | { error: string } {
  const cert = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  const key = pem.match(/-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/);
  if (!cert) return { error: 'holds no PEM certificate' };
  if (!key) return { error: 'holds no PEM private key' };
  try {
    const x509 = new X509Certificate(cert[0]);
    if (!x509.checkPrivateKey(createPrivateKey(key[0]))) return { error: "the private key is not the certificate's" };
  } catch (err) {
    return { error: `cannot be read: ${(err as Error).message}` };
  }
  return { cert: cert.join('\n'), key: key[0] };
}

/** The base DN must be a DN, the search group a group, and a certificate a PEM key pair whose key is the certificate's. */
export async function checkConfig(config: LdapConfig, directory: Directory): Promise<ConfigProblem[]> {
  const problems: ConfigProblem[] = [];
  try {
    if (parseDN(config.base_dn).length === 0) problems.push({ pointer: '/base_dn', message: 'must not be empty' });
  } catch (err) {
    problems.push({ pointer: '/base_dn', message: `is not a DN: ${(err as Error).message}` });
  }
  if (config.search_group && (await directory.groups([config.search_group])).length === 0) problems.push({ pointer: '/search_group', message: 'is not a group' });
  if (config.certificate !== undefined) {
    const pair = readKeyPair(config.certificate);
    if ('error' in pair) problems.push({ pointer: '/certificate', message: pair.error });
  }
  return problems;
}
