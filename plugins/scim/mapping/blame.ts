/** One stage of a render: the body after the named mapping was merged (no name for the defaults). */
export interface RenderStep {
  name?: string;
  body: Record<string, unknown>;
}

const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

function valueAt(value: unknown, segments: string[]): unknown {
  let at = value;
  for (const segment of segments) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, segment)) return undefined;
    at = (at as Record<string, unknown>)[segment];
  }
  return at;
}

/**
 * The mapping that last changed the value at a JSON pointer over the steps of a render, to say which mapping made a
 * body invalid; undefined when no mapping touched it (the defaults, or a field nothing set).
 */
export function blameMapping(steps: RenderStep[], pointer: string): string | undefined {
  const segments = pointer.split('/').slice(1).map(unescape);
  for (let i = steps.length - 1; i > 0; i--) {
    if (JSON.stringify(valueAt(steps[i].body, segments)) !== JSON.stringify(valueAt(steps[i - 1].body, segments))) return steps[i].name;
  }
  return undefined;
}
