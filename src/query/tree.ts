import type { Location } from './errors.js';

/** The eight operators of the Testsigma query language (reference.md §5.2). */
export const OPERATORS = [':', '!', '>', '<', '~', '@', ';', '$'] as const;
export type Operator = (typeof OPERATORS)[number];

/** A whole query: clauses joined by `,`, all of which must hold (AND). No clauses means no filter. */
export interface QueryNode {
  readonly type: 'Query';
  readonly clauses: readonly ClauseNode[];
  readonly location: Location;
}

/** `key op value`, e.g. `result@FAILURE#ABORTED`. */
export interface ClauseNode {
  readonly type: 'Clause';
  readonly field: FieldNode;
  readonly operator: OperatorNode;
  /** Null only after `:` and `!`; Pattern only after `:`; List always (and only) after `@` and `;`. */
  readonly value: ValueNode;
  readonly location: Location;
}

export interface FieldNode {
  readonly type: 'Field';
  readonly name: string;
  readonly location: Location;
}

export interface OperatorNode {
  readonly type: 'Operator';
  readonly operator: Operator;
  readonly location: Location;
}

export type ValueNode = LiteralNode | NullNode | PatternNode | ListNode;

/** A value with its `ts_*` escapes already replaced. */
export interface LiteralNode {
  readonly type: 'Literal';
  readonly value: string;
  readonly location: Location;
}

/** The bare word `null`: IS NULL after `:`, IS NOT NULL after `!`, the missing value inside a list. */
export interface NullNode {
  readonly type: 'Null';
  readonly location: Location;
}

/** `:abc*`, `:*abc`, `:*abc*`; `value` is the text between the wildcards, unescaped. */
export interface PatternNode {
  readonly type: 'Pattern';
  readonly match: 'startsWith' | 'endsWith' | 'contains';
  readonly value: string;
  readonly location: Location;
}

/** The `#`-separated items of `@` (IN) and `;` (NOT IN). */
export interface ListNode {
  readonly type: 'List';
  readonly items: readonly (LiteralNode | NullNode)[];
  readonly location: Location;
}
