import type { DirectoryGroup, DirectoryUser, MappingSubject, PropertyMapping } from '../../sdk/index.ts';
import { blameMapping, type RenderStep } from './blame.ts';
import { defaultGroup, defaultUser, GROUP_SCHEMA, USER_SCHEMA } from './defaults.ts';
import { evaluateMapping } from './expression.ts';
import { deepMerge } from './merge.ts';
import type { ScimGroupBody, ScimUserBody } from './types.ts';
import { validateScimGroup, validateScimUser, type PointerOrigin } from './validate.ts';

type Validate = (body: unknown, origin?: PointerOrigin) => void;

/** The mappings in name order; the sort is stable, so equal names keep the order they were given in. */
export const byName = (mappings: PropertyMapping[]) => [...mappings].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/**
 * Puts the core schema first in `schemas`, then those the mappings listed, then the URN of every extension used
 * (top-level keys that are URNs, such as the enterprise extension's), each once.
 */
function withSchemas(body: Record<string, unknown>, core: string): Record<string, unknown> {
  const listed = Array.isArray(body.schemas) ? body.schemas : [];
  const extensions = Object.keys(body).filter((key) => key.startsWith('urn:'));
  return { ...body, schemas: [...new Set([core, ...listed, ...extensions])] };
}

async function render(base: Record<string, unknown>, mappings: PropertyMapping[], subject: MappingSubject, core: string, validate: Validate) {
  if (mappings.length === 0) {
    validate(base);
    return base;
  }
  const steps: RenderStep[] = [{ body: base }];
  let body = base;
  for (const mapping of byName(mappings)) {
    const output = await evaluateMapping(mapping, subject);
    if (!output) continue;
    body = deepMerge(body, output);
    steps.push({ name: mapping.name, body });
  }
  const final = withSchemas(body, core);
  validate(final, (pointer) => blameMapping(steps, pointer));
  return final;
}

/**
 * A user's SCIM body: the defaults, then each mapping's object merged over them in name order, with `schemas`
 * completed and the result checked against RFC 7643. Without mappings no expression runs. Throws
 * `scim.mapping_syntax`, `scim.mapping_error` or `scim.mapping_invalid`, naming the mapping at fault.
 */
export async function renderUser(user: DirectoryUser, mappings: PropertyMapping[]): Promise<ScimUserBody> {
  return (await render(defaultUser(user), mappings, { user }, USER_SCHEMA, validateScimUser)) as ScimUserBody;
}

/** A group's SCIM body, without members (the reconciler adds them), rendered like `renderUser`. */
export async function renderGroup(group: DirectoryGroup, mappings: PropertyMapping[]): Promise<ScimGroupBody> {
  return (await render(defaultGroup(group), mappings, { group }, GROUP_SCHEMA, validateScimGroup)) as ScimGroupBody;
}
