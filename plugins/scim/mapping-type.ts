import type { MappingType } from '../sdk/index.ts';
import { scimErrors } from './errors.ts';
import { compileExpression } from './mapping/expression.ts';
import { renderGroup, renderUser } from './mapping/render.ts';

/** SCIM property mappings: JSONata expressions whose objects are merged over the defaults, in name order. */
export const scimMappingType: MappingType = {
  id: 'scim',
  description: 'JSONata expressions over `user` or `group` that produce SCIM attributes; merged in name order over the defaults and validated against RFC 7643.',
  check(expression) {
    compileExpression(expression);
  },
  async render(mappings, subject) {
    if (subject.user) return renderUser(subject.user, mappings);
    if (subject.group) return renderGroup(subject.group, mappings);
    throw scimErrors.mapping_subject('scim mappings render a directory user or group ({ user } or { group }), not a received resource; scim-source mappings do.');
  },
};
