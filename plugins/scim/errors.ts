import { defineErrors } from '../sdk/index.ts';

/** The SCIM plugin's error catalogue; codes are `scim.<name>`. */
export const scimErrors = defineErrors('scim', {
  remote_error: { status: 502, message: 'The SCIM server refused the request.' },
  remote_unavailable: { status: 503, message: 'The SCIM server is unavailable or asked to retry later.' },
  remote_timeout: { status: 504, message: 'The SCIM server did not answer in time.' },
  remote_not_found: { status: 404, message: 'The SCIM server has no object with this id.' },
  remote_conflict: { status: 409, message: 'The SCIM server has a conflicting object.', scimType: 'uniqueness' },
  mapping_syntax: { status: 400, message: 'The mapping expression does not compile.', scimType: 'invalidValue' },
  mapping_error: { status: 400, message: 'A property mapping failed for this object.', scimType: 'invalidValue' },
  mapping_invalid: { status: 400, message: 'The mapped object is not a valid SCIM resource.', scimType: 'invalidValue' },
  mapping_subject: { status: 400, message: 'This mapping language cannot render this subject.', scimType: 'invalidValue' },
});
