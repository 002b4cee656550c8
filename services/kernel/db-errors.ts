import {
  CheckConstraintViolationException, ConnectionException, DeadlockException, DriverException,
  ForeignKeyConstraintViolationException, LockWaitTimeoutException, UniqueConstraintViolationException,
} from '@mikro-orm/core';
import type { ErrorCode } from './error-catalogue.ts';
import { IdpError } from './errors.ts';

/** Unique and check constraints whose violation has a code of its own; the rest map to a generic conflict. */
const CONSTRAINT_CODES: Record<string, ErrorCode> = {
  core_user_username_unique: 'username_taken',
  core_group_name_parent_unique: 'group_name_taken',
  core_application_slug_unique: 'slug_taken',
  core_token_identifier_unique: 'token_identifier_taken',
  core_user_username_not_blank: 'invalid_name',
  core_group_name_not_blank: 'invalid_name',
  core_group_parent_not_self: 'group_cycle',
  providers_provider_name_unique: 'provider_name_taken',
  providers_property_mapping_name_unique: 'mapping_name_taken',
  providers_provider_name_not_blank: 'invalid_name',
  providers_property_mapping_name_not_blank: 'invalid_name',
  sources_source_name_unique: 'source_name_taken',
  sources_source_slug_unique: 'source_slug_taken',
  sources_source_name_not_blank: 'invalid_name',
};

function constraintOf(err: DriverException): string | undefined {
  const source = err as DriverException & { constraint?: string; cause?: { constraint?: string } };
  return source.constraint ?? source.cause?.constraint ?? /constraint "([^"]+)"/.exec(err.message)?.[1];
}

/** Maps a database error to the catalogue, once, for every service; anything else passes through unchanged. */
export function mapDatabaseError(err: unknown): unknown {
  if (!(err instanceof DriverException)) return err;
  const constraint = constraintOf(err);
  if (err instanceof UniqueConstraintViolationException) return new IdpError(CONSTRAINT_CODES[constraint ?? ''] ?? 'conflict');
  if (err instanceof CheckConstraintViolationException) return new IdpError(CONSTRAINT_CODES[constraint ?? ''] ?? 'invalid_request');
  if (err instanceof ForeignKeyConstraintViolationException) return new IdpError('not_found', { detail: 'A referenced object does not exist.' });
  if (err instanceof DeadlockException || err instanceof LockWaitTimeoutException || err instanceof ConnectionException) {
    return new IdpError('unavailable');
  }
  return err;
}
