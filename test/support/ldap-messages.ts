import { expect } from 'vitest';
import { BerWriter } from '../../plugins/ldap/protocol/ber-writer.ts';
import { Tag } from '../../plugins/ldap/protocol/ber.ts';
import { decodeRequest } from '../../plugins/ldap/protocol/decode.ts';
import { ProtocolError } from '../../plugins/ldap/protocol/errors.ts';

/** A control of an LDAPMessage: criticality is written only when true, the value only when given. */
export interface LdapControl {
  oid: string;
  critical?: boolean;
  value?: Buffer;
}

/** Writes one part of an LDAPMessage, such as its protocolOp. */
export type BerWrite = (w: BerWriter) => void;

/** An LDAPMessage built with our BER writer, for what ldapts cannot send: the protocolOp written by `op`, then `controls` if given. */
export function ldapMessage(messageId: number, op: BerWrite, controls?: readonly LdapControl[]): Buffer {
  const w = new BerWriter();
  w.start();
  w.writeInt(messageId);
  op(w);
  if (controls) {
    w.start(0xa0);
    for (const c of controls) writeControl(w, c);
    w.end();
  }
  w.end();
  return w.finish();
}

function writeControl(w: BerWriter, c: LdapControl): void {
  w.start();
  w.writeString(c.oid);
  if (c.critical) w.writeBool(true);
  if (c.value) w.writeOctets(c.value);
  w.end();
}

/** The protocolOp of an LDAPv3 SASL bindRequest with an empty name, `mechanism` and no credentials. */
export const saslBindOp =
  (mechanism: string): BerWrite =>
  (w) => {
    w.start(0x60);
    w.writeInt(3);
    w.writeString('');
    w.start(0xa3);
    w.writeString(mechanism);
    w.end();
    w.end();
  };

/** The fields of a searchRequest; timeLimit is 0 and typesOnly false. */
export interface SearchFields {
  base?: string;
  /** 0 base, 1 one level, 2 subtree; any other number to test the refusal. */
  scope?: number;
  derefAliases?: number;
  sizeLimit?: number;
  /** Writes the Filter. */
  filter: BerWrite;
  attributes?: readonly string[];
}

/** The protocolOp of a searchRequest with `fields`. */
export const searchOp =
  ({ base = '', scope = 0, derefAliases = 0, sizeLimit = 0, filter, attributes = [] }: SearchFields): BerWrite =>
  (w) => {
    w.start(0x63);
    w.writeString(base);
    w.writeInt(scope, Tag.enumerated);
    w.writeInt(derefAliases, Tag.enumerated);
    w.writeInt(sizeLimit);
    w.writeInt(0);
    w.writeBool(false);
    filter(w);
    w.start();
    for (const a of attributes) w.writeString(a);
    w.end();
    w.end();
  };

/** Writes the present filter (`attribute`=*). */
export const present =
  (attribute: string): BerWrite =>
  (w) =>
    w.writeString(attribute, 0x87);

/** The ProtocolError `decodeRequest` refuses `buf` with; fails the test when it throws anything else or accepts `buf`. */
export function refusal(buf: Buffer): ProtocolError {
  try {
    decodeRequest(buf);
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError);
    return err as ProtocolError;
  }
  throw new Error('decodeRequest accepted the message');
}
