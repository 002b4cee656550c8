import { MAX_RESULTS } from './limits.ts';
import { badRequest } from './scim-error.ts';

const DEFAULT_COUNT = 100;

/** A list or search request's parameters (RFC 7644 §3.4.2), from a query string or a `.search` body. */
export interface ListRequest {
  filter?: string;
  sortBy?: string;
  descending: boolean;
  /** 1-based, at least 1. */
  startIndex: number;
  /** 0 ..= MAX_RESULTS. */
  count: number;
  attributes: string[];
  excludedAttributes: string[];
}

const attributeList = (v: unknown, name: string): string[] => {
  if (v === undefined) return [];
  const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : null;
  if (!items || items.some((i) => typeof i !== 'string')) throw badRequest('invalidValue', `${name} must be a comma-separated list of attribute names.`);
  return (items as string[]).map((s) => s.trim()).filter(Boolean);
};

function integer(v: unknown, name: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^[+-]?\d{1,12}$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw badRequest('invalidValue', `${name} must be an integer.`);
  return n;
}

/**
 * Reads list parameters, names matched without case (Entra sends `startindex`): startIndex below 1 counts as 1,
 * count below 0 as 0 and above the advertised maximum as the maximum.
 */
export function listRequest(raw: Record<string, unknown>): ListRequest {
  const params = new Map(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
  const filter = params.get('filter');
  if (filter !== undefined && typeof filter !== 'string') throw badRequest('invalidFilter', 'filter must be a string.');
  const sortBy = params.get('sortby');
  if (sortBy !== undefined && typeof sortBy !== 'string') throw badRequest('invalidValue', 'sortBy must be an attribute name.');
  const order = params.get('sortorder');
  if (order !== undefined && (typeof order !== 'string' || !/^(ascending|descending)$/i.test(order))) throw badRequest('invalidValue', 'sortOrder must be "ascending" or "descending".');
  const attributes = attributeList(params.get('attributes'), 'attributes');
  const excludedAttributes = attributeList(params.get('excludedattributes'), 'excludedAttributes');
  if (attributes.length && excludedAttributes.length) throw badRequest('invalidValue', 'Give attributes or excludedAttributes, not both.');
  return {
    ...(filter !== undefined && filter.trim() !== '' ? { filter } : {}),
    ...(sortBy ? { sortBy } : {}),
    descending: typeof order === 'string' && order.toLowerCase() === 'descending',
    startIndex: Math.max(1, integer(params.get('startindex'), 'startIndex') ?? 1),
    count: Math.min(MAX_RESULTS, Math.max(0, integer(params.get('count'), 'count') ?? DEFAULT_COUNT)),
    attributes,
    excludedAttributes,
  };
}
