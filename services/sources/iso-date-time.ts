/**
 * An xsd:dateTime (what SCIM's dateTime is) that PostgreSQL's `timestamptz` input always accepts: a real calendar
 * day (leap years included, no year 0), a time, up to nine fraction digits and an optional offset. A string that
 * matches casts without error, so SQL can guard a cast with it.
 */
export const ISO_DATE_TIME_PATTERN =
  '^(?!0000)(?:\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))' +
  '|(?:\\d{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)' +
  'T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,9})?(?:Z|[+-](?:0\\d|1[0-4]):[0-5]\\d)?$';

/** The end of a dateTime that names its offset; one without is read as UTC. */
export const ISO_OFFSET_PATTERN = '(?:Z|[+-]\\d{2}:\\d{2})$';

const DATE_TIME = new RegExp(ISO_DATE_TIME_PATTERN);
const OFFSET = new RegExp(ISO_OFFSET_PATTERN);

/** The value as a timestamp PostgreSQL reads the same in any time zone (UTC when it names none), or undefined if it is no dateTime. */
export function isoDateTime(value: string): string | undefined {
  if (!DATE_TIME.test(value)) return undefined;
  return OFFSET.test(value) ? value : `${value}Z`;
}
