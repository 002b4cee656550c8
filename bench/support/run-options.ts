import type { Timing } from './interleaved-rounds.ts';

/** `--seconds`, `--rounds` and `--warmup` as numbers. */
export const timingOf = (values: Record<keyof Timing, string>): Timing => ({ seconds: Number(values.seconds), rounds: Number(values.rounds), warmup: Number(values.warmup) });

/** The phases `--phases` names (ids, comma-separated), in their run order; all without it. An unknown id throws. */
export function choosePhases<P extends { id: string }>(all: P[], ids: string | undefined): P[] {
  const chosen = ids?.split(',').map((s) => s.trim());
  const unknown = chosen?.filter((id) => !all.some((p) => p.id === id)) ?? [];
  if (unknown.length) throw new Error(`unknown phases ${unknown.join(', ')} (known: ${all.map((p) => p.id).join(', ')})`);
  return chosen ? all.filter((p) => chosen.includes(p.id)) : all;
}
