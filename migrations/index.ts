import { Migration20261122000000_foundation } from './Migration20261122000000_foundation.ts';
import { Migration20261122010000_events } from './Migration20261122010000_events.ts';
import { Migration20261123000000_providers } from './Migration20261123000000_providers.ts';
import { Migration20261202000000_sources } from './Migration20261202000000_sources.ts';
import { Migration20261202010000_authenticators } from './Migration20261202010000_authenticators.ts';
import { Migration20261202020000_binding_subjects } from './Migration20261202020000_binding_subjects.ts';
import { Migration20261202030000_servers_record } from './Migration20261202030000_servers_record.ts';

/** Every migration, in order. Listed explicitly so they run the same with no build step and no file globbing. */
export const MIGRATIONS = [Migration20261122000000_foundation, Migration20261122010000_events, Migration20261123000000_providers, Migration20261202000000_sources, Migration20261202010000_authenticators, Migration20261202020000_binding_subjects, Migration20261202030000_servers_record];
