/** A piece of SQL with `?` placeholders and the values bound to them, in order. */
export class SqlFragment {
  readonly text: string;
  readonly values: readonly unknown[];

  constructor(text: string, values: readonly unknown[]) {
    this.text = text;
    this.values = values;
  }
}

/**
 * SQL from constant text: an interpolated fragment is inlined, any other interpolated value is bound as a `?`
 * parameter. The constant text may not hold a `?` of its own, so no jsonb `?` operator can pass for a placeholder.
 */
export function sql(strings: TemplateStringsArray, ...parts: unknown[]): SqlFragment {
  if (strings.some((s) => s.includes('?'))) throw new Error(`SQL text may not contain '?': ${strings.join('…')}`);
  let text = strings[0];
  const values: unknown[] = [];
  parts.forEach((part, i) => {
    if (part instanceof SqlFragment) {
      text += part.text;
      values.push(...part.values);
    } else {
      text += '?';
      values.push(part);
    }
    text += strings[i + 1];
  });
  return new SqlFragment(text, values);
}

/** Fragments one after another with `separator` (constant text) between them. */
export function joinSql(parts: SqlFragment[], separator: SqlFragment): SqlFragment {
  return parts.reduce((joined, part, i) => (i === 0 ? part : sql`${joined}${separator}${part}`), sql``);
}
