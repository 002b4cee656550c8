import { ScimError } from '../../plugins/scim/source/scim-error.ts';

/** The ScimError a call throws; fails the test when it returns or throws anything else. */
export function failure(run: () => unknown): ScimError {
  try {
    run();
  } catch (err) {
    if (err instanceof ScimError) return err;
    throw err;
  }
  throw new Error('expected a ScimError');
}

/** The value, frozen all the way down, so a test can show that nothing changed it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
