import type { ScimFilter } from './ast.ts';

/** A filter node that is not `and`, `or` or `not`: `pr`, a comparison, or `attr[filter]`. */
export type Operand = Exclude<ScimFilter, { op: 'and' | 'or' | 'not' }>;

/** A resolved filter: the same and/or/not shape over resolved nodes, chains flattened into `filters`. */
export type Tree<N> = N | { op: 'and' | 'or'; filters: Tree<N>[] } | { op: 'not'; filter: Tree<N> };

/**
 * Rebuilds a parsed filter's and/or/not tree with `operand` applied to every other node. An `and`/`or` chain
 * (`a and b and c` parses as `(a and b) and c`) becomes one node, walked without recursion.
 */
export function mapTree<N>(filter: ScimFilter, operand: (f: Operand) => N): Tree<N> {
  switch (filter.op) {
    case 'and':
    case 'or':
      return { op: filter.op, filters: chain(filter).map((f) => mapTree(f, operand)) };
    case 'not':
      return { op: 'not', filter: mapTree(filter.filter, operand) };
    default:
      return operand(filter);
  }
}

function chain(f: ScimFilter & { op: 'and' | 'or' }): ScimFilter[] {
  const operands: ScimFilter[] = [];
  const stack: ScimFilter[] = [f];
  while (stack.length > 0) {
    const g = stack.pop()!;
    if ((g.op === 'and' || g.op === 'or') && g.op === f.op) stack.push(g.right, g.left);
    else operands.push(g);
  }
  return operands;
}
