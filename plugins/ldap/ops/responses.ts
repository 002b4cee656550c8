import type { LdapResult, Request, Response } from '../protocol/types.ts';

/** The response a request of this operation gets carrying just a result; null for those that get none (unbind, abandon). */
export function resultFor(op: Request['op'], result: LdapResult): Response | null {
  switch (op) {
    case 'bind':
    case 'compare':
    case 'extended':
    case 'modify':
    case 'add':
    case 'delete':
    case 'modifyDN':
      return { op, ...result };
    case 'search':
      return { op: 'searchDone', ...result };
    default:
      return null;
  }
}
