import { scimError, type Answer, type Resource } from './memory-scim-answer.ts';

type Member = { value: string };
type Operation = { op?: unknown; path?: unknown; value?: any };

const MEMBER_FILTER = /^members\[value eq ("(?:[^"\\]|\\.)*")\]$/i;

/** Sets (or, with `undefined`, removes) a possibly dotted attribute path such as `name.givenName`. */
function setPath(resource: Resource, path: string, value: unknown): void {
  const parts = path.split('.');
  let target: Record<string, any> = resource;
  for (const part of parts.slice(0, -1)) target = target[part] && typeof target[part] === 'object' ? target[part] : (target[part] = {});
  const last = parts.at(-1)!;
  if (value === undefined) delete target[last];
  else target[last] = value;
}

function patchMembers(resource: Resource, op: string, value: unknown): void {
  const values: Member[] = value === undefined ? [] : Array.isArray(value) ? value : [value as Member];
  const current: Member[] = resource.members ?? [];
  if (op === 'replace') {
    resource.members = values;
  } else if (op === 'add') {
    const have = new Set(current.map((m) => m.value));
    resource.members = [...current, ...values.filter((v) => !have.has(v.value) && have.add(v.value))];
  } else {
    const drop = new Set(values.map((v) => v.value));
    resource.members = values.length ? current.filter((m) => !drop.has(m.value)) : [];
  }
}

/**
 * Applies RFC 7644 PATCH operations to a resource in place: add/remove/replace, `members` with one value or an array,
 * `members[value eq "…"]` removal, attribute paths (dotted for sub-attributes), and add/replace without a path.
 * Answers the error to send, or null when every operation applied.
 */
export function applyPatch(resource: Resource, operations: unknown): Answer | null {
  if (!Array.isArray(operations) || !operations.length) return scimError(400, 'PatchOp needs Operations', 'invalidSyntax');
  for (const operation of operations as Operation[]) {
    const op = String(operation?.op ?? '').toLowerCase();
    const path = typeof operation?.path === 'string' ? operation.path : undefined;
    if (op !== 'add' && op !== 'remove' && op !== 'replace') return scimError(400, `unsupported op ${String(operation?.op)}`, 'invalidSyntax');
    const filter = path && MEMBER_FILTER.exec(path);
    if (filter) {
      if (op !== 'remove') return scimError(400, `only remove is supported on ${path}`, 'invalidPath');
      patchMembers(resource, 'remove', { value: JSON.parse(filter[1]) as string });
    } else if (path === 'members') {
      patchMembers(resource, op, operation.value);
    } else if (path) {
      if (!/^[\w$]+(\.[\w$]+)*$/.test(path)) return scimError(400, `unsupported path ${path}`, 'invalidPath');
      if (op !== 'remove' && operation.value === undefined) return scimError(400, `${op} of ${path} needs a value`, 'invalidValue');
      setPath(resource, path, op === 'remove' ? undefined : operation.value);
    } else {
      if (op === 'remove') return scimError(400, 'remove needs a path', 'noTarget');
      if (!operation.value || typeof operation.value !== 'object' || Array.isArray(operation.value)) return scimError(400, `${op} without a path needs an object value`, 'invalidValue');
      for (const [key, value] of Object.entries(operation.value as Record<string, unknown>)) {
        if (key === 'members' && op === 'add') patchMembers(resource, 'add', value);
        else setPath(resource, key, value);
      }
    }
  }
  return null;
}
