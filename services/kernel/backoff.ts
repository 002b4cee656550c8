const CAP_MS = 600_000;

/** Delay before try `attempt + 1`: `baseMs` doubled per earlier try, capped at 10 minutes, with ±50 % jitter. */
export function backoffDelay(attempt: number, baseMs: number): number {
  const exp = Math.min(CAP_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp * (0.5 + Math.random()));
}
