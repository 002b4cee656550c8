const UNIT_SECONDS: Record<string, number> = { weeks: 604_800, days: 86_400, hours: 3_600, minutes: 60, seconds: 1 };

/** Seconds in an authentik timedelta string ('hours=1;minutes=30'); the config schema has checked its form. */
export function durationSeconds(text: string): number {
  let total = 0;
  for (const part of text.split(';').filter(Boolean)) {
    const [unit, amount] = part.split('=');
    total += UNIT_SECONDS[unit] * Number(amount);
  }
  return Math.floor(total);
}
