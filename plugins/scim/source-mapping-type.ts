import type { MappingType } from '../sdk/index.ts';
import { scimErrors } from './errors.ts';
import { compileExpression } from './mapping/expression.ts';
import { groupAdapter } from './source/group-adapter.ts';
import { mappedWrite, SOURCE_MAPPING_TYPE } from './source/local-mapping.ts';
import { normalizeResource } from './source/normalize.ts';
import { ScimError } from './source/scim-error.ts';
import { userAdapter } from './source/user-adapter.ts';

/**
 * SCIM source property mappings: JSONata expressions over `resource` (a User or Group as a SCIM source received
 * it) and `kind` whose objects set the local object's fields, merged in name order over the defaults.
 */
export const scimSourceMappingType: MappingType = {
  id: SOURCE_MAPPING_TYPE,
  description: 'JSONata expressions over `resource` (the SCIM User or Group a SCIM source received, attribute names canonical) and `kind` that produce local fields: a user\'s username, name, email, is_active and attributes, a group\'s name and attributes; merged in name order over the defaults.',
  check(expression) {
    compileExpression(expression);
  },
  async render(mappings, subject) {
    if (subject.resource === undefined) throw scimErrors.mapping_subject('scim-source mappings render a resource a SCIM source received ({ resource, kind }), not a directory user or group; scim mappings do.');
    const adapter = subject.kind === 'user' ? userAdapter : groupAdapter;
    let write: Awaited<ReturnType<typeof mappedWrite>>;
    try {
      write = await mappedWrite(adapter, normalizeResource(adapter, subject.resource).resource, mappings);
    } catch (err) {
      if (err instanceof ScimError) throw scimErrors.mapping_subject(`the resource is not a valid SCIM ${adapter.type.name}: ${err.message}`);
      throw err;
    }
    if (write.group) return write.group;
    const { password: _password, ...fields } = write.user!;
    return fields;
  },
};
