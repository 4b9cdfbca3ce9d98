import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { existsLinked } from '../store/query-pieces.js';
import { fail, type Failure } from './errors.js';
import type { FieldSpec, FieldTable, FieldType } from './field-table.js';
import { containsPattern, likeInsensitive, numberParam } from './sql-pieces.js';
import type { ClauseNode, ListNode, LiteralNode, Operator, QueryNode } from './tree.js';
import { toBoolean, toEnum, toNumber, toSpan, type Span } from './values.js';

export type { FieldSpec, FieldTable, FieldType } from './field-table.js';

/** A WHERE condition for any Kysely query whose FROM binds the table aliases used by the field table. */
export type Where = (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>;

export type CompileResult = { readonly ok: true; readonly where: Where } | Failure;

/** Which operators make sense for each type; `:` wildcards and `$` need text. */
const ALLOWED: Record<FieldType, ReadonlySet<Operator>> = {
  string: new Set([':', '!', '>', '<', '~', '@', ';', '$']),
  number: new Set([':', '!', '>', '<', '@', ';']),
  datetime: new Set([':', '!', '>', '<', '@', ';']),
  boolean: new Set([':', '!', '@', ';']),
  enum: new Set([':', '!', '@', ';']),
};

/**
 * Turns a parsed query into a Kysely condition, checking each clause against the fields a resource
 * allows. Every value is bound as a parameter and every column comes from `fields`. Never throws.
 *
 * NULLs: `!` and `;` keep rows whose nullable field is NULL ("not FAILURE" includes "no result"),
 * unless the `;` list names `null`; `@` matches NULL only when its list names `null`.
 *
 * @example compileQuery(tree, { result: { column: 'r.result', type: 'enum', values: RESULTS } })
 */
export function compileQuery(tree: QueryNode, fields: FieldTable): CompileResult {
  const conditions: Where[] = [];
  for (const clause of tree.clauses) {
    const compiled = compileClause(clause, fields);
    if (!compiled.ok) return compiled;
    conditions.push(compiled.where);
  }
  return { ok: true, where: (eb) => eb.and(conditions.map((condition) => condition(eb))) };
}

function compileClause(clause: ClauseNode, fields: FieldTable): CompileResult {
  const name = clause.field.name;
  const spec = Object.hasOwn(fields, name) ? fields[name] : undefined;
  if (!spec) {
    const near = Object.keys(fields).find((key) => key.toLowerCase() === name.toLowerCase());
    const hint = near ? `did you mean ${near}?` : `filterable fields: ${Object.keys(fields).join(', ')}`;
    return fail('UNKNOWN_FIELD', `Unknown field "${name}" (${hint})`, clause.field.location);
  }
  const op = clause.operator.operator;
  const value = clause.value;
  const refuse = (why: string) =>
    fail('OPERATOR_NOT_ALLOWED', `"${op}" cannot be used on ${name}: ${why}`, clause.operator.location);

  if (!ALLOWED[spec.type].has(op)) return refuse(`${name} is ${article(spec.type)} field`);
  const nullable = spec.nullable === true;
  const hasNull = value.type === 'Null' || (value.type === 'List' && value.items.some((i) => i.type === 'Null'));
  if (hasNull && !nullable) return refuse(`${name} is never null`);

  if (spec.many) return compileMany(clause, spec, spec.many, fields);
  const column = spec.column;
  switch (value.type) {
    case 'Null':
      if (op !== ':' && op !== '!') break;
      return ok((eb) => eb(column, op === ':' ? 'is' : 'is not', null));
    case 'Pattern': {
      if (op !== ':') break;
      if (spec.type !== 'string') return refuse(`wildcards need a text field`);
      const pattern = containsPattern(value.value, value.match);
      return ok((eb) => likeInsensitive(eb, column, pattern));
    }
    case 'List':
      if (op !== '@' && op !== ';') break;
      return compileList(name, spec, op, value);
    case 'Literal':
      if (op === '@' || op === ';') break;
      return compileLiteral(name, spec, op, value);
  }
  return refuse('this value form is not produced by the parser');
}

/**
 * A field with several values per row (labels): EXISTS over the values' table. A negation is the absence of
 * a match (`tag!slow`: no tag is `slow`), so `!` and `;` become NOT EXISTS of the positive clause.
 */
function compileMany(clause: ClauseNode, spec: FieldSpec, many: NonNullable<FieldSpec['many']>, fields: FieldTable): CompileResult {
  const op = clause.operator.operator;
  const value = clause.value;
  const any = (condition?: Where): Where => (eb) => existsLinked(eb, many, condition);
  const none = (condition?: Where): Where => (eb) => eb.not(any(condition)(eb));
  if (value.type === 'Null') return ok(op === ':' ? none() : any());
  const negated = op === '!' || op === ';';
  const withNull = value.type === 'List' && value.items.some((i) => i.type === 'Null');
  const items = value.type === 'List' ? value.items.filter((i) => i.type !== 'Null') : [];
  if (value.type === 'List' && !items.length) return ok(negated ? any() : none());
  // The clause on one value row, compiled as for a plain column (never null there).
  const positive: ClauseNode = {
    ...clause,
    operator: { ...clause.operator, operator: op === '!' ? ':' : op === ';' ? '@' : op },
    value: value.type === 'List' ? { ...value, items } : value,
  };
  const inner = compileClause(positive, { ...fields, [clause.field.name]: { column: spec.column, type: spec.type, values: spec.values, aliases: spec.aliases } });
  if (!inner.ok) return inner;
  if (!negated) return ok(withNull ? (eb) => eb.or([any(inner.where)(eb), none()(eb)]) : any(inner.where));
  return ok(withNull ? (eb) => eb.and([none(inner.where)(eb), any()(eb)]) : none(inner.where));
}

function compileLiteral(name: string, spec: FieldSpec, op: Operator, node: LiteralNode): CompileResult {
  const column = spec.column;
  if (op === '$') {
    const pattern = containsPattern(node.value, 'contains');
    return ok((eb) => likeInsensitive(eb, column, pattern));
  }
  if (op === '~') {
    if (/(^|[^\\])(\\\\)*\\$/.test(node.value)) {
      return fail('INVALID_PATTERN', 'A LIKE pattern cannot end with a lone "\\" (write \\\\)', node.location);
    }
    return ok((eb) => likeInsensitive(eb, column, node.value));
  }
  if (spec.type === 'datetime') {
    const span = toSpan(name, node);
    if (!span.ok) return span;
    return ok(spanCondition(column, op, span.value, spec.nullable === true));
  }
  const converted = scalar(name, spec, node);
  if (!converted.ok) return converted;
  const bound = converted.value;
  switch (op) {
    case ':':
      return ok((eb) => eb(column, '=', bound));
    case '!':
      return ok((eb) => orNull(eb, column, eb(column, '<>', bound), spec.nullable === true));
    case '>':
    case '<':
      return ok((eb) => eb(column, op, bound));
  }
  throw new Error(`unhandled operator ${op}`); // unreachable: ALLOWED and the cases above cover all
}

function compileList(name: string, spec: FieldSpec, op: '@' | ';', list: ListNode): CompileResult {
  const column = spec.column;
  const withNull = list.items.some((item) => item.type === 'Null');
  const literals = list.items.filter((item): item is LiteralNode => item.type === 'Literal');
  let matchesAny: Where | undefined;
  if (spec.type === 'datetime') {
    const spans: Span[] = [];
    for (const item of literals) {
      const span = toSpan(name, item);
      if (!span.ok) return span;
      spans.push(span.value);
    }
    if (spans.length > 0) {
      matchesAny = (eb) => eb.or(spans.map((span) => spanCondition(column, ':', span, false)(eb)));
    }
  } else {
    const values: unknown[] = [];
    for (const item of literals) {
      const converted = scalar(name, spec, item);
      if (!converted.ok) return converted;
      values.push(converted.value);
    }
    if (values.length > 0) matchesAny = (eb) => eb(column, 'in', values);
  }

  if (op === '@') {
    if (!matchesAny) return ok((eb) => eb(column, 'is', null));
    const any = matchesAny;
    return ok((eb) => (withNull ? eb.or([any(eb), eb(column, 'is', null)]) : any(eb)));
  }
  if (!matchesAny) return ok((eb) => eb(column, 'is not', null));
  const any = matchesAny;
  return ok((eb) =>
    withNull
      ? eb.and([eb.not(any(eb)), eb(column, 'is not', null)])
      : orNull(eb, column, eb.not(any(eb)), spec.nullable === true),
  );
}

/** `:`/`!` match the whole span a value names; `>`/`<` compare with its first instant. */
function spanCondition(column: string, op: Operator, span: Span, nullable: boolean): Where {
  switch (op) {
    case '>':
    case '<':
      return (eb) => eb(column, op, span.start);
    case ':':
      return (eb) => eb.and([eb(column, '>=', span.start), eb(column, '<', span.end)]);
    case '!':
      return (eb) => orNull(eb, column, eb.or([eb(column, '<', span.start), eb(column, '>=', span.end)]), nullable);
  }
  throw new Error(`unhandled datetime operator ${op}`);
}

/** A non-datetime literal as the value to bind: number, 0/1, canonical enum name or the text itself. */
function scalar(name: string, spec: FieldSpec, node: LiteralNode): { ok: true; value: unknown } | Failure {
  switch (spec.type) {
    case 'number': {
      const number = toNumber(name, node);
      return number.ok ? { ok: true, value: numberParam(number.value) } : number;
    }
    case 'boolean':
      return toBoolean(name, node);
    case 'enum':
      return toEnum(name, spec, node);
    default:
      return { ok: true, value: node.value };
  }
}

/** For negations on nullable fields: SQL's `col <> x` is unknown when col is NULL, but the user means "not x". */
function orNull(eb: ExpressionBuilder<any, any>, column: string, condition: Expression<SqlBool>, nullable: boolean) {
  return nullable ? eb.or([condition, eb(column, 'is', null)]) : condition;
}

function ok(where: Where): CompileResult {
  return { ok: true, where };
}

function article(type: FieldType): string {
  return type === 'enum' ? 'an enum' : `a ${type}`;
}
