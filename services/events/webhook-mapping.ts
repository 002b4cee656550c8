import type { FieldProblem } from '../kernel/errors.ts';

/** Roots a mapping may read: the notification (body, severity, user) and the event behind it. */
const ROOTS = new Set(['body', 'severity', 'user', 'event']);
const WHOLE = /^\{\{\s*([A-Za-z0-9_.]+)\s*\}\}$/;
const PART = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;

function lookup(data: unknown, path: string): unknown {
  let node = data;
  for (const key of path.split('.')) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, key)) return null;
    node = (node as Record<string, unknown>)[key];
  }
  return node ?? null;
}

/**
 * Renders a webhook mapping: a JSON template whose strings may name values as `{{ event.context.model.name }}`.
 * A string that is only a placeholder takes the value with its type; placeholders inside text are interpolated.
 * There is nothing to execute: only paths into the notification are read.
 */
export function renderMapping(template: unknown, data: Record<string, unknown>): unknown {
  if (typeof template === 'string') {
    const whole = WHOLE.exec(template);
    if (whole) return lookup(data, whole[1]);
    return template.replace(PART, (_, path: string) => {
      const v = lookup(data, path);
      return v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    });
  }
  if (Array.isArray(template)) return template.map((t) => renderMapping(t, data));
  if (template && typeof template === 'object') return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, renderMapping(v, data)]));
  return template;
}

/** Placeholders that read outside the notification. */
export function validateMapping(template: unknown, at = '/webhook_mapping'): FieldProblem[] {
  if (typeof template === 'string') {
    return [...template.matchAll(PART)].filter((m) => !ROOTS.has(m[1].split('.')[0])).map((m) => ({ pointer: at, message: `{{ ${m[1]} }} must start with ${[...ROOTS].join(', ')}` }));
  }
  if (Array.isArray(template)) return template.flatMap((t, i) => validateMapping(t, `${at}/${i}`));
  if (template && typeof template === 'object') return Object.entries(template).flatMap(([k, v]) => validateMapping(v, `${at}/${k}`));
  return [];
}
