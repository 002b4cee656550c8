/**
 * The delay before try `attempt + 1` of one request: `baseMs` doubled after every try (attempt 1 waits `baseMs`),
 * with ±50 % jitter so clients that failed together do not retry together. `random` is in [0, 1).
 */
export function backoffDelay(attempt: number, baseMs: number, random = Math.random()): number {
  return Math.round(baseMs * 2 ** Math.max(0, attempt - 1) * (0.5 + random));
}
