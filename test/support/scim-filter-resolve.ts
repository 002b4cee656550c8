import type { DocumentFilter } from '../../plugins/sdk/index.ts';
import { parseFilter } from '../../plugins/scim/source/filter/parse.ts';
import { toDocumentFilter } from '../../plugins/scim/source/filter/resolve.ts';
import { RESOURCE_TYPES } from '../../plugins/scim/source/schema/catalogue.ts';
import { failure } from './scim-error.ts';

/*
 * How the filter resolution tests state their cases: a User or Group filter resolved to a DocumentFilter, the
 * invalidFilter refusal it meets, and the constants and string comparisons it resolves to.
 */

export const user = (filter: string) => toDocumentFilter(RESOURCE_TYPES.User, parseFilter(filter));
export const group = (filter: string) => toDocumentFilter(RESOURCE_TYPES.Group, parseFilter(filter));

export const refusal = (run: () => unknown) => {
  const err = failure(run);
  return { status: err.status, scimType: err.scimType, detail: err.message };
};
export const invalid = (detail: string) => ({ status: 400, scimType: 'invalidFilter', detail });

export const ALWAYS: DocumentFilter = { op: 'pr', target: { field: 'id' } };
export const NEVER: DocumentFilter = { op: 'not', filter: ALWAYS };
export const str = (value: string, caseExact = false) => ({ type: 'string' as const, caseExact, value });
