import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../plugins/ldap/server/self-signed.ts';

describe('the LDAP listener\'s self-signed certificate', () => {
  it('is strict DER that OpenSSL loads every time, whatever the random serial (1 in 256 once had a padded serial)', () => {
    for (let i = 0; i < 1024; i++) {
      const { cert, key } = selfSignedCertificate(['ldap.example.test']);
      expect(() => createSecureContext({ cert, key })).not.toThrow();
    }
  });

  it('names the host, 127.0.0.1 and ::1, and is valid now and for years', () => {
    const { cert } = selfSignedCertificate(['ldap.example.test', 'other.example.test']);
    const x509 = new X509Certificate(cert);
    expect(x509.subject).toBe('CN=ldap.example.test');
    expect(x509.subjectAltName).toBe('DNS:ldap.example.test, DNS:other.example.test, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(x509.checkHost('other.example.test')).toBe('other.example.test');
    expect(new Date(x509.validFrom).getTime()).toBeLessThan(Date.now());
    expect(new Date(x509.validTo).getTime()).toBeGreaterThan(Date.now() + 9 * 365 * 86400_000);
    expect(x509.verify(x509.publicKey)).toBe(true);
  });
});
