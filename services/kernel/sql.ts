/** `?, ?, ?` for n values: bound parameters for an IN list. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** Upper bound on group nesting walked by recursive queries; cycles are refused on write, this only bounds damage. */
export const MAX_GROUP_DEPTH = 64;
