/** An instant to any precision: whole seconds since 1970 (UTC) and the fraction's digits, trailing zeros removed. */
export interface Instant {
  seconds: number;
  fraction: string;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;

/** Days in a month (1-12): day 0 of the next month is the month's last day. */
const daysIn = (year: number, month: number) => new Date(new Date(0).setUTCFullYear(year, month, 0)).getUTCDate();

/**
 * Reads an xsd:dateTime (RFC 7643 §2.3.5), `2011-05-13T04:42:34Z`, with any number of fraction digits and a zone of
 * `Z` or `±hh:mm` (none means UTC); undefined when the text is not one.
 */
export function parseDateTime(text: string): Instant | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const zone = m[8] && m[8] !== 'Z' ? m[8] : '+00:00';
  const zoneMinutes = (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  if (Math.abs(zoneMinutes) > 14 * 60 || Number(zone.slice(4, 6)) > 59) return undefined;
  const midnight = new Date(0).setUTCFullYear(year, month - 1, day) / 1000;
  return { seconds: midnight + hour * 3600 + minute * 60 + second - zoneMinutes * 60, fraction: (m[7] ?? '').replace(/0+$/, '') };
}

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function compareInstants(a: Instant, b: Instant): number {
  if (a.seconds !== b.seconds) return a.seconds - b.seconds;
  return a.fraction < b.fraction ? -1 : a.fraction > b.fraction ? 1 : 0;
}
