import { EventEmitter } from 'node:events';

/** Emits `written` after a transaction that wrote outbox rows commits in this process, so a local relay wakes at once. */
export const outboxWritten = new EventEmitter();
outboxWritten.setMaxListeners(0);
