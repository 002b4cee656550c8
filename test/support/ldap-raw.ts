import { connect, type Socket } from 'node:net';
import { BerReader, Tag } from '../../plugins/ldap/protocol/ber.ts';
import { messageLength } from '../../plugins/ldap/protocol/framing.ts';
import { ldapMessage, present, searchOp, type LdapControl } from './ldap-messages.ts';
import type { Rand } from './prng.ts';

/** One LDAPMessage the server sent, with the LDAPResult fields of the responses that carry one. */
export interface RawMessage {
  messageId: number;
  /** The protocolOp's [APPLICATION n] tag: 0x61 bind, 0x64 entry, 0x65 search done, 0x78 extended, … */
  tag: number;
  code?: number;
  diagnostic?: string;
  responseName?: string;
}

const RESULT_TAGS = new Set([0x61, 0x65, 0x67, 0x69, 0x6b, 0x6d, 0x6f, 0x78]);

function parse(bytes: Buffer): RawMessage {
  const m = new BerReader(bytes).readSequence();
  const messageId = m.readInt();
  const tag = m.peek();
  if (!RESULT_TAGS.has(tag)) return { messageId, tag };
  const r = m.readSequence(tag);
  const code = r.readInt(Tag.enumerated);
  r.readString();
  const diagnostic = r.readString();
  const responseName = !r.done && r.peek() === 0x8a ? r.readString(0x8a) : undefined;
  return { messageId, tag, code, diagnostic, ...(responseName === undefined ? {} : { responseName }) };
}

/** A raw TCP client of the LDAP port: sends bytes, reads whole LDAPMessages, notices when the server closes. */
export class RawLdap {
  readonly socket: Socket;
  readonly messages: RawMessage[] = [];
  closed = false;
  #buffer = Buffer.alloc(0);
  #waiters: (() => void)[] = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      for (let n = messageLength(this.#buffer, 1 << 24); n !== null; n = messageLength(this.#buffer, 1 << 24)) {
        this.messages.push(parse(this.#buffer.subarray(0, n)));
        this.#buffer = this.#buffer.subarray(n);
      }
      this.#wake();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      this.#wake();
    });
  }

  static open(port: number): Promise<RawLdap> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port }, () => resolve(new RawLdap(socket)));
      socket.once('error', reject);
    });
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Waits until `done` holds (checked on every message and on close), up to `ms`; says whether it held. */
  async until(done: () => boolean, ms = 5000): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return true;
  }

  /** The response to `messageId` with an LDAPResult (search done, bind, …), waiting up to `ms`. */
  async result(messageId: number, ms = 5000): Promise<RawMessage | undefined> {
    const find = () => this.messages.find((m) => m.messageId === messageId && m.code !== undefined);
    await this.until(() => find() !== undefined || this.closed, ms);
    return find();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** A base search of `base` for (objectClass=*) asking for `attributes`. */
export const baseSearch = (messageId: number, base: string, attributes: string[] = [], controls?: readonly LdapControl[]) =>
  ldapMessage(messageId, searchOp({ base, filter: present('objectClass'), attributes }), controls);

/** An extended request for `oid`. */
export const extendedRequest = (messageId: number, oid: string) =>
  ldapMessage(messageId, (w) => {
    w.start(0x77);
    w.writeString(oid, 0x80);
    w.end();
  });

/** `input` with one to three random byte flips, replacements, insertions, deletions, truncations or repeated tails. */
export function mutate(rand: Rand, input: Buffer): Buffer {
  let bytes = Buffer.from(input);
  for (let n = 1 + rand.int(3); n > 0; n--) {
    const at = rand.int(bytes.length);
    switch (rand.int(6)) {
      case 0: bytes[at] ^= 1 << rand.int(8); break;
      case 1: bytes[at] = rand.pick([0x00, 0x7f, 0x80, 0x81, 0x84, 0xff, rand.int(256)]); break;
      case 2: bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([rand.int(256)]), bytes.subarray(at)]); break;
      case 3: bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]); break;
      case 4: bytes = bytes.subarray(0, Math.max(1, at)); break;
      default: bytes = Buffer.concat([bytes, bytes.subarray(at)]);
    }
  }
  return bytes;
}
