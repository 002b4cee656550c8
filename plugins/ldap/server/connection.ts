import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import type { Exchange, LdapContext } from '../ops/context.ts';
import { dispatch } from '../ops/dispatch.ts';
import { BerError } from '../protocol/ber.ts';
import { decodeRequest } from '../protocol/decode.ts';
import { encodeResponse } from '../protocol/encode.ts';
import { ProtocolError } from '../protocol/errors.ts';
import { messageLength } from '../protocol/framing.ts';
import { NOTICE_OF_DISCONNECTION_OID, ResultCode, STARTTLS_OID, type Control, type RequestMessage, type Response } from '../protocol/types.ts';
import type { Session } from './session.ts';

/** Limits that keep one client from hurting the others. */
export interface ConnectionLimits {
  maxMessageBytes: number;
  idleMs: number;
  /** Bytes waiting to be written past which the connection stops reading until the client catches up. */
  maxPendingWriteBytes: number;
}

/** Requests read ahead of their answers before the connection stops reading. */
const MAX_QUEUED = 64;
const CODE_NAMES = new Map(Object.entries(ResultCode).map(([name, code]) => [code as number, name]));

/**
 * One client connection: frames LDAP messages out of the byte stream, answers them one at a time in order, upgrades
 * to TLS on StartTLS, and closes with a Notice of Disconnection on anything it cannot frame or decode (RFC 4511 §4.1.1). A client that stops reading its answers stops being
 * read; an idle one is dropped.
 */
export class LdapConnection {
  readonly #ctx: LdapContext;
  readonly #limits: ConnectionLimits;
  readonly #tls: () => { context: SecureContext; sni: (name: string, cb: (err: Error | null, ctx?: SecureContext) => void) => void };
  readonly session: Session;
  #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #queue: Promise<void> = Promise.resolve();
  #closed = false;
  #pending = 0;

  constructor(socket: Socket, ctx: LdapContext, limits: ConnectionLimits, tls: LdapConnection['tls'], secure: boolean) {
    this.#ctx = ctx;
    this.#limits = limits;
    this.#tls = tls;
    this.#socket = socket;
    this.session = { clientIp: socket.remoteAddress?.replace(/^::ffff:/, '') ?? null, tls: secure, bound: null, paged: new Map() };
    this.#attach(socket);
  }

  get tls() {
    return this.#tls;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.destroy();
  }

  #attach(socket: Socket): void {
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 60_000);
    socket.setTimeout(this.#limits.idleMs, () => this.close());
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => { this.#closed = true; });
    socket.on('drain', () => {
      if (this.#pending < MAX_QUEUED && this.#buffer.length < this.#limits.maxMessageBytes) socket.resume();
    });
  }

  #receive(chunk: Buffer): void {
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
    this.#frame();
  }

  /** Takes complete messages off the buffer while fewer than MAX_QUEUED wait; the rest stay there (and reading stops) until answers go out. */
  #frame(): void {
    while (this.#pending < MAX_QUEUED && !this.#closed) {
      let length: number | null;
      try {
        length = messageLength(this.#buffer, this.#limits.maxMessageBytes);
      } catch (err) {
        return this.#disconnect(err instanceof BerError ? 'The message could not be framed.' : 'The message could not be read.');
      }
      if (length === null) return;
      const message = this.#buffer.subarray(0, length);
      this.#buffer = this.#buffer.subarray(length);
      this.#pending++;
      this.#queue = this.#queue.then(() => this.#caughtUp()).then(() => this.#handle(message)).catch((err) => {
        this.#ctx.logger.error('LDAP request failed', err);
        this.#disconnect('The server failed to answer a request.');
      }).finally(() => {
        this.#pending--;
        this.#frame();
        if (this.#socket.isPaused() && this.#pending < MAX_QUEUED / 2 && this.#buffer.length < this.#limits.maxMessageBytes) this.#socket.resume();
      });
    }
    if (this.#pending >= MAX_QUEUED || this.#buffer.length >= this.#limits.maxMessageBytes) this.#socket.pause();
  }

  /** Waits while more than maxPendingWriteBytes of answers wait to be written: a client that does not read gets no more made. */
  #caughtUp(): Promise<void> | undefined {
    const socket = this.#socket;
    if (this.#closed || socket.writableLength <= this.#limits.maxPendingWriteBytes) return undefined;
    return new Promise((resolve) => {
      const done = () => {
        socket.off('drain', done);
        socket.off('close', done);
        resolve();
      };
      socket.on('drain', done);
      socket.on('close', done);
    });
  }

  async #handle(bytes: Buffer): Promise<void> {
    if (this.#closed) return;
    let message: RequestMessage;
    try {
      message = decodeRequest(bytes);
    } catch (err) {
      if (!(err instanceof ProtocolError || err instanceof BerError)) throw err;
      return this.#disconnect('The request could not be decoded.');
    }
    const { request } = message;
    if (request.op === 'unbind') return this.close();
    if (request.op === 'abandon') return;
    if (request.op === 'extended' && request.oid === STARTTLS_OID) return this.#startTls(message.messageId);
    const exchange: Exchange = {
      ctx: this.#ctx, session: this.session, controls: message.controls,
      send: (response, controls) => this.#write(message.messageId, response, controls, request.op),
    };
    const socket = this.#socket;
    socket.cork();
    try {
      await dispatch(exchange, message);
    } finally {
      socket.uncork();
    }
  }

  #write(messageId: number, response: Response, controls?: Control[], op?: string): void {
    if (this.#closed) return;
    if (op && response.op !== 'searchEntry') this.#ctx.metrics.increment('operations_total', { op, result: CODE_NAMES.get(response.code) ?? String(response.code) });
    this.#socket.write(encodeResponse({ messageId, response, controls }));
  }

  #startTls(messageId: number): void {
    if (this.session.tls) return this.#write(messageId, { op: 'extended', code: ResultCode.operationsError, diagnostic: 'TLS is already in use.', responseName: STARTTLS_OID }, undefined, 'extended');
    // Requests already read after it (pipelined before its response, RFC 4511 §4.14.1) must not run as if under TLS.
    if (this.#buffer.length || this.#pending > 1) return this.#disconnect('Data followed the StartTLS request before its response.');
    this.#write(messageId, { op: 'extended', code: ResultCode.success, responseName: STARTTLS_OID }, undefined, 'extended');
    const raw = this.#socket;
    raw.removeAllListeners('data');
    raw.removeAllListeners('drain');
    raw.setTimeout(0);
    const { context, sni } = this.#tls();
    const secure = new TLSSocket(raw, { isServer: true, secureContext: context, SNICallback: sni, minVersion: 'TLSv1.2' });
    this.#socket = secure;
    this.session.tls = true;
    this.#attach(secure);
  }

  /** Sends the Notice of Disconnection (RFC 4511 §4.4.1) and closes. */
  #disconnect(diagnostic: string): void {
    if (this.#closed) return;
    this.#socket.write(encodeResponse({ messageId: 0, response: { op: 'notice', responseName: NOTICE_OF_DISCONNECTION_OID, code: ResultCode.protocolError, diagnostic } }));
    this.#socket.end();
    this.#closed = true;
    setTimeout(() => this.#socket.destroy(), 1000).unref();
  }
}
