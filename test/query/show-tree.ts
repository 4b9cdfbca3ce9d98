import type { QueryNode, ValueNode } from '../../src/query/index.js';

/** One line per clause, e.g. `result @ ["FAILURE", "ABORTED"]`, so parser tests read like the spec. */
export function showTree(tree: QueryNode): string[] {
  return tree.clauses.map((c) => `${c.field.name} ${c.operator.operator} ${showValue(c.value)}`);
}

function showValue(value: ValueNode): string {
  switch (value.type) {
    case 'Null':
      return 'null';
    case 'Literal':
      return JSON.stringify(value.value);
    case 'Pattern':
      return `${value.match} ${JSON.stringify(value.value)}`;
    case 'List':
      return `[${value.items.map(showValue).join(', ')}]`;
  }
}
