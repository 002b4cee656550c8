import { defineErrors } from '../sdk/index.ts';

/** The OAuth2 plugin's error catalogue; codes are `oauth2.<name>`. */
export const oauth2Errors = defineErrors('oauth2', {
  mapping_syntax: { status: 400, message: 'The scope mapping expression does not compile or is not an object of claims.' },
  mapping_error: { status: 400, message: 'A scope mapping failed for this user.' },
  mapping_subject: { status: 400, message: 'Scope mappings render a user.' },
});
