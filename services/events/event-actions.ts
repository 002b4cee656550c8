import { readFileSync } from 'node:fs';
import { SCHEMA_DIR } from '../kernel/validator.ts';

/** Every built-in event action with a label, from the event-action schema (custom_<name> is allowed besides). */
export const EVENT_ACTIONS: { name: string; label: string }[] = (
  JSON.parse(readFileSync(`${SCHEMA_DIR}event-action.schema.json`, 'utf8')).anyOf[0].enum as string[]
).map((name) => ({ name, label: name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()) }));
