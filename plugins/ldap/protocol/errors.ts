import type { Request } from './types.ts';

/**
 * A request the server cannot decode. With `messageId` and `op` the server answers that operation's response with
 * resultCode protocolError (2); without them it closes the connection (RFC 4511 §4.1.1).
 */
export class ProtocolError extends Error {
  /** The request's messageID, when it could be read and is valid (1 to 2^31-1). */
  readonly messageId: number | null;
  /** The operation, when its tag was recognised. */
  readonly op: Request['op'] | undefined;

  constructor(message: string, messageId: number | null = null, op?: Request['op'], options?: ErrorOptions) {
    super(message, options);
    this.name = 'ProtocolError';
    this.messageId = messageId;
    this.op = op;
  }
}
