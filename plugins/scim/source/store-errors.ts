import { isSourceStoreError } from '../../sdk/index.ts';
import { ScimError } from './scim-error.ts';

/** The host store's refusals in SCIM's terms; anything else passes through (and becomes a 500 at the edge). */
export function fromStoreError(err: unknown): unknown {
  if (!isSourceStoreError(err)) return err;
  switch (err.reason) {
    case 'uniqueness': return new ScimError(409, err.message, 'uniqueness');
    case 'not_found': return new ScimError(404, err.message);
    case 'version_mismatch': return new ScimError(412, err.message);
    default: return new ScimError(400, err.message, 'invalidValue');
  }
}
