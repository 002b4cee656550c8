import type { MappingType } from '../sdk/index.ts';
import { compileExpression } from './mapping/expression.ts';
import { renderGroup, renderUser } from './mapping/render.ts';

/** SCIM property mappings: JSONata expressions whose objects are merged over the defaults, in name order. */
export const scimMappingType: MappingType = {
  id: 'scim',
  description: 'JSONata expressions over `user` or `group` that produce SCIM attributes; merged in name order over the defaults and validated against RFC 7643.',
  check(expression) {
    compileExpression(expression);
  },
  render(mappings, subject) {
    return subject.user ? renderUser(subject.user, mappings) : renderGroup(subject.group, mappings);
  },
};
