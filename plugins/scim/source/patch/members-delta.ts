import type { ScimFilter } from '../filter/ast.ts';
import type { AttributeDef } from '../schema/attribute.ts';
import { badRequest } from '../scim-error.ts';
import { isObject } from './values.ts';

/** A membership change by member id: `set` replaces the whole membership; otherwise `add` and `remove` adjust it. */
export interface RelationDelta {
  set?: string[];
  add: string[];
  remove: string[];
}

/**
 * The membership change that a sequence of PATCH operations on a relation attribute makes, folded in order: each
 * operation adjusts what the earlier ones did, so applying the result equals applying the operations one by one.
 */
export class MembersDelta {
  #set: Set<string> | undefined;
  #add = new Set<string>();
  #remove = new Set<string>();

  /** The members become these, whatever they were. */
  replace(ids: string[]): void {
    this.#set = new Set(ids);
    this.#add.clear();
    this.#remove.clear();
  }

  add(ids: string[]): void {
    for (const id of ids) {
      if (this.#set) this.#set.add(id);
      else {
        this.#remove.delete(id);
        this.#add.add(id);
      }
    }
  }

  remove(ids: string[]): void {
    for (const id of ids) {
      if (this.#set) this.#set.delete(id);
      else {
        this.#add.delete(id);
        this.#remove.add(id);
      }
    }
  }

  result(): RelationDelta {
    return { ...(this.#set ? { set: [...this.#set] } : {}), add: [...this.#add], remove: [...this.#remove] };
  }
}

/**
 * The member ids in a relation value (`[{ value: id }, …]` or one such object); each must be a non-empty string.
 * Only `value` is read: the host keeps members by id, so what else an element carries (`display`, `$ref`, or
 * Microsoft's `displayName`) is not stored and not checked.
 */
export function memberIds(def: AttributeDef, value: unknown): string[] {
  const elements = Array.isArray(value) ? value : [value];
  return elements.map((element) => {
    const key = isObject(element) ? Object.keys(element).find((k) => k.toLowerCase() === 'value') : undefined;
    const id = key === undefined ? undefined : (element as Record<string, unknown>)[key];
    if (typeof id !== 'string' || id === '') throw badRequest('invalidValue', `Each "${def.name}" value needs a "value": a non-empty member id.`);
    return id;
  });
}

/**
 * The member ids a relation filter selects: only `value eq "id"` comparisons, alone or joined by `or`; any other
 * filter is 400 invalidFilter.
 */
export function filterIds(def: AttributeDef, filter: ScimFilter): string[] {
  const pending = [filter];
  const ids: string[] = [];
  for (let f = pending.pop(); f; f = pending.pop()) {
    if (f.op === 'or') pending.push(f.right, f.left);
    else if (f.op === 'eq' && !f.attr.uri && f.attr.sub === undefined && f.attr.name.toLowerCase() === 'value' && typeof f.value === 'string' && f.value !== '') {
      ids.push(f.value);
    } else throw badRequest('invalidFilter', `${def.name} can only be selected by value ("value eq \\"id\\"", joined by "or").`);
  }
  return ids;
}
