interface Group {
  repeats: boolean;
  alternates: boolean;
}

/** Reads the quantifier at `i`, if any: its length and whether it repeats a variable number of times beyond one. */
function quantifier(source: string, i: number): { length: number; repeats: boolean } | undefined {
  const c = source[i];
  let length: number;
  let repeats: boolean;
  if (c === '*' || c === '+') [length, repeats] = [1, true];
  else if (c === '?') [length, repeats] = [1, false];
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
    if (!m) return undefined;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    [length, repeats] = [m[0].length, max > 1 && max > min];
  } else return undefined;
  return { length: length + (source[i + length] === '?' ? 1 : 0), repeats };
}

/**
 * Why a regular expression may backtrack exponentially, or undefined when it looks safe: a group repeated a variable
 * number of times that itself holds a repetition or alternatives (`(a+)+`, `(a|ab)*`). JSONata's time limit is only
 * checked between steps, so one such match could block the process far longer.
 */
export function backtrackingRisk(source: string): string | undefined {
  const stack: Group[] = [{ repeats: false, alternates: false }];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    let inner: Group | undefined;
    if (c === '\\') i += 2;
    else if (c === '[') {
      i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '(') {
      stack.push({ repeats: false, alternates: false });
      i++;
      continue;
    } else if (c === ')' && stack.length > 1) {
      inner = stack.pop()!;
      i++;
    } else if (c === '|') {
      stack[stack.length - 1].alternates = true;
      i++;
      continue;
    } else i++;
    const q = quantifier(source, i);
    const top = stack[stack.length - 1];
    if (q) i += q.length;
    if (inner && q?.repeats && (inner.repeats || inner.alternates)) {
      return 'a repeated group holds a repetition or alternatives, which can backtrack without bound; use a character class or an unrepeated group';
    }
    top.repeats ||= Boolean(q?.repeats) || Boolean(inner?.repeats);
    top.alternates ||= Boolean(inner?.alternates);
  }
  return undefined;
}

/** The RegExp JSONata builds its regular expressions with: it refuses patterns `backtrackingRisk` flags. */
export class GuardedRegExp extends RegExp {
  constructor(pattern: RegExp | string, flags?: string) {
    const risk = backtrackingRisk(typeof pattern === 'string' ? pattern : pattern.source);
    if (risk) throw new Error(`regular expression /${typeof pattern === 'string' ? pattern : pattern.source}/: ${risk}`);
    super(pattern, flags);
  }
}
