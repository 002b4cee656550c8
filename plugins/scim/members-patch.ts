import { PATCH_SCHEMA } from './sync-env.ts';

/** Remote member ids to add and to remove, from the desired and the last confirmed sets. */
export function memberDiff(desired: string[], confirmed: string[]): { add: string[]; remove: string[] } {
  const want = new Set(desired);
  const have = new Set(confirmed);
  return { add: desired.filter((id) => !have.has(id)), remove: confirmed.filter((id) => !want.has(id)) };
}

function chunked<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * PATCH bodies that apply a membership diff, at most `chunk` members each: one `add` of the `members` values, and
 * one `remove` per member by value filter (`members[value eq "…"]`, RFC 7644 §3.5.2.2).
 */
export function memberPatches(diff: { add: string[]; remove: string[] }, chunk: number): { body: object; add: string[]; remove: string[] }[] {
  return [
    ...chunked(diff.add, chunk).map((ids) => ({
      body: { schemas: [PATCH_SCHEMA], Operations: [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }] },
      add: ids, remove: [] as string[],
    })),
    ...chunked(diff.remove, chunk).map((ids) => ({
      body: { schemas: [PATCH_SCHEMA], Operations: ids.map((id) => ({ op: 'remove', path: `members[value eq ${JSON.stringify(id)}]` })) },
      add: [] as string[], remove: ids,
    })),
  ];
}
