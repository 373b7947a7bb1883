/**
 * Measures a GraphQL operation for the abuse limits (api/limits.ts checks the numbers): nesting
 * depth, estimated cost and alias count, in one memoised pass over the document.
 *
 * Why a hand-written walk and not graphql-query-complexity with type-graphql's `complexity` field
 * option (that library only stores a number per field; the analysis would still be ours to run):
 * 1. It does not memoise fragments: every spread is walked again, so a document that nests spreads
 *    (2^40 aliases in a few lines) takes exponential time unless its node cap (`maxQueryNodes`) cuts
 *    in, and that cap throws an uncoded "Query exceeds the maximum allowed number of nodes."
 * 2. It measures cost only: no depth, no alias count, no depth ceiling for introspection.
 * 3. It does not say which top-level field costs most (the QUERY_TOO_COSTLY message names it).
 * 4. It sums siblings with a plain `+`: no saturation at Number.MAX_SAFE_INTEGER.
 * 5. A connection added later without a `complexity` option would silently cost 1 + its children;
 *    here a connection is recognised by its shape (a type with `edges`, or a list with `first`).
 * Depth, aliases, introspection and cost share one walk; cost is about thirty of its lines.
 *
 * The model (see `analyzeDocument`):
 *
 * - Depth: the number of nested field levels. `{ shops { id } }` is 2 levels deep. Fragment spreads and
 *   inline fragments add no level of their own; their fields count at the level where they are spread.
 *
 * - Cost: every field costs 1. A field multiplies the cost of its sub-selection by a list factor:
 *     - a connection (an object or interface type with an `edges` field, wrapped in non-null or not):
 *       its `first` argument (literal or variable); when not given, the argument's schema default;
 *       when there is none (or no `first` argument at all), `defaultListSize` (50);
 *     - a list field that has a `first` argument: the same rule;
 *     - a plain list without a `first` argument (`prices: [Price!]!`, `shops`, a connection's `edges`):
 *       factor 1. Those lists are small and fixed-size in this API; multiplying them by
 *       `defaultListSize` would overcount every ordinary query. Their sub-selection still counts.
 *     - anything else: factor 1.
 *   The cost is the sum over the tree, so `products(first: 200) { edges { node { id prices { amount } } } }`
 *   costs 1 + 200 * (1 + 1 + 1 + 1 + 1) = 1001. A negative `first` counts as 0 (the resolver refuses it);
 *   all arithmetic saturates at Number.MAX_SAFE_INTEGER, so a huge `first` cannot overflow.
 *   `__typename` is a field like any other and costs 1.
 *
 * - Aliases: the number of aliased fields the operation executes, counting each use of a fragment
 *   (a fragment with 5 aliases spread twice counts 10), because that is the work the aliases ask for.
 *
 * - `@skip` / `@include` are honoured with the request's variables: a skipped part costs nothing.
 *
 * - Introspection: the `__schema` and `__type` subtrees are exempt from `maxDepth` and `maxCost`. The
 *   standard introspection query (graphql-js `getIntrospectionQuery()`, which GraphiQL and most tools
 *   send) is 15 levels deep (graphql 16.15, counting `__schema`) because of its nested `ofType` chain,
 *   so it could never pass the default maxDepth of 10. Introspection resolvers read the in-memory schema only, but deeply nested
 *   `fields { type { fields { type ... } } }` chains still fan out, so introspection subtrees have their own
 *   depth ceiling: `INTROSPECTION_MAX_DEPTH` (the standard query's depth plus room for tools that nest
 *   `ofType` a little deeper). Deeper introspection is refused with QUERY_TOO_DEEP. (graphql-js's
 *   MaxIntrospectionDepthRule, which Apollo runs during validation, already stops repeated
 *   `fields` / `interfaces` / `possibleTypes` nesting; this ceiling also covers long `ofType` chains.)
 *
 * Fragment measurements are memoised per fragment, so a document that spreads fragments inside fragments
 * many times over is analysed in time linear in its size (the expanded tree may be exponential).
 * `first` above `maxPageSize` is not refused here (the resolvers validate page sizes); it is priced as given.
 */
import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

export interface QueryLimits {
  /** Deepest allowed nesting of fields (`{ a { b } }` is 2). */
  maxDepth: number;
  /** Highest allowed estimated cost (see the model above). */
  maxCost: number;
  /** Most aliased fields one operation may execute. */
  maxAliases: number;
  /** Largest page size the resolvers accept; used in the cost message only (resolvers enforce it). */
  maxPageSize: number;
  /** List factor of a connection whose `first` is neither given nor defaulted in the schema. Default 50. */
  defaultListSize?: number;
}

export interface QueryMeasurement {
  /** Field nesting depth outside introspection. */
  depth: number;
  /** Estimated cost outside introspection. */
  cost: number;
  /** Aliased fields executed (introspection included). */
  aliases: number;
  /** Depth of the deepest `__schema` / `__type` subtree, counting that field itself; 0 when none. */
  introspectionDepth: number;
  /** The top-level field (by response key) with the highest cost, when there is one. */
  costliestField?: { name: string; cost: number };
}

const MAX = Number.MAX_SAFE_INTEGER;
const DEFAULT_LIST_SIZE = 50;
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

function add(a: number, b: number): number {
  const s = a + b;
  return s > MAX ? MAX : s;
}

function mul(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return a > MAX / b ? MAX : Math.min(a * b, MAX);
}

interface Measure {
  depth: number;
  cost: number;
  aliases: number;
  introspectionDepth: number;
}

const EMPTY: Measure = { depth: 0, cost: 0, aliases: 0, introspectionDepth: 0 };

function combine(into: Measure, m: Measure): void {
  into.depth = Math.max(into.depth, m.depth);
  into.cost = add(into.cost, m.cost);
  into.aliases = add(into.aliases, m.aliases);
  into.introspectionDepth = Math.max(into.introspectionDepth, m.introspectionDepth);
}

/** Turns a `first` value into a list factor: whole, non-negative, finite; anything else is not a count. */
function toFactor(value: unknown): number | undefined {
  if (typeof value !== 'number' || Number.isNaN(value)) return undefined;
  if (value <= 0) return 0;
  if (!Number.isFinite(value)) return MAX;
  return Math.min(Math.floor(value), MAX);
}

function isConnectionType(type: GraphQLNamedType): boolean {
  return (isObjectType(type) || isInterfaceType(type)) && 'edges' in type.getFields();
}

/**
 * Measures one operation of `document` (chosen by `operationName` like graphql-js does) against `schema`,
 * with the request's `variables`. Pure: no I/O, no mutation of its inputs. Works on unvalidated documents
 * too (unknown fields count as plain fields), but the numbers are only meaningful for valid ones.
 * An unknown operation measures as all zeros (execution will report it).
 */
export function analyzeDocument(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | null | undefined,
  limits: Pick<QueryLimits, 'defaultListSize'> = {},
): QueryMeasurement {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return { depth: 0, cost: 0, aliases: 0, introspectionDepth: 0 };
  const defaultListSize = toFactor(limits.defaultListSize) ?? DEFAULT_LIST_SIZE;

  // Coerce variables like execution will (defaults from the operation's variable definitions included).
  // If they do not coerce, execution refuses the request anyway; price with what was sent.
  let vars: Record<string, unknown> = { ...(variables ?? {}) };
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 });
  if (coerced.coerced) vars = coerced.coerced;

  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  const fragmentMemo = new Map<string, Measure>();
  const inProgress = new Set<string>();

  const included = (node: SelectionNode): boolean => {
    if (!node.directives || node.directives.length === 0) return true;
    try {
      const skip = getDirectiveValues(GraphQLSkipDirective, node, vars);
      if (skip?.if === true) return false;
      const include = getDirectiveValues(GraphQLIncludeDirective, node, vars);
      if (include?.if === false) return false;
    } catch {
      // An invalid directive argument: validation or execution reports it; count the selection.
    }
    return true;
  };

  const fieldDef = (parent: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined => {
    if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) return undefined;
    return parent.getFields()[name];
  };

  const firstFactor = (node: FieldNode, def: GraphQLField<unknown, unknown>): number => {
    const argDef = def.args.find((a) => a.name === 'first');
    if (!argDef) return defaultListSize;
    const argNode = node.arguments?.find((a) => a.name.value === 'first');
    if (argNode) {
      let value: unknown;
      try {
        value = valueFromAST(argNode.value, argDef.type, vars);
      } catch {
        value = undefined;
      }
      if (value === undefined && argNode.value.kind === Kind.VARIABLE) value = vars[argNode.value.name.value];
      const factor = toFactor(value);
      if (factor !== undefined) return factor;
    }
    return toFactor(argDef.defaultValue) ?? defaultListSize;
  };

  const listFactor = (node: FieldNode, def: GraphQLField<unknown, unknown> | undefined): number => {
    if (!def) return 1;
    const type = getNullableType(def.type);
    if (isConnectionType(getNamedType(type)) && !isListType(type)) return firstFactor(node, def);
    if (isListType(type) && def.args.some((a) => a.name === 'first')) return firstFactor(node, def);
    return 1;
  };

  const measureField = (node: FieldNode, parent: GraphQLNamedType | undefined): Measure => {
    const name = node.name.value;
    const ownAlias = node.alias && node.alias.value !== name ? 1 : 0;
    const def = fieldDef(parent, name);
    const childType = INTROSPECTION_ROOTS.has(name)
      ? schema.getType(name === '__schema' ? '__Schema' : '__Type') ?? undefined
      : def
        ? getNamedType(def.type)
        : undefined;
    const child = node.selectionSet ? measureSet(node.selectionSet, childType) : EMPTY;
    if (INTROSPECTION_ROOTS.has(name)) {
      // Exempt from depth and cost; bounded by its own depth ceiling instead (see the file comment).
      return { depth: 0, cost: 0, aliases: add(ownAlias, child.aliases), introspectionDepth: 1 + child.depth };
    }
    return {
      depth: 1 + child.depth,
      cost: add(1, mul(listFactor(node, def), child.cost)),
      aliases: add(ownAlias, child.aliases),
      introspectionDepth: child.introspectionDepth,
    };
  };

  const measureFragment = (name: string): Measure => {
    const memo = fragmentMemo.get(name);
    if (memo) return memo;
    const fragment = fragments.get(name);
    // Unknown or cyclic fragments are validation errors; they add nothing here.
    if (!fragment || inProgress.has(name)) return EMPTY;
    inProgress.add(name);
    const m = measureSet(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined);
    inProgress.delete(name);
    fragmentMemo.set(name, m);
    return m;
  };

  const measureSet = (set: SelectionSetNode, parent: GraphQLNamedType | undefined): Measure => {
    const total: Measure = { ...EMPTY };
    for (const selection of set.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        combine(total, measureField(selection, parent));
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        combine(total, measureFragment(selection.name.value));
      } else {
        const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) ?? undefined) : parent;
        combine(total, measureSet(selection.selectionSet, type));
      }
    }
    return total;
  };

  const rootType = schema.getRootType(operation.operation) ?? undefined;
  const result: QueryMeasurement = { ...measureSet(operation.selectionSet, rootType) };
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || !included(selection)) continue;
    const { cost } = measureField(selection, rootType);
    if (cost > 0 && (!result.costliestField || cost > result.costliestField.cost)) {
      result.costliestField = { name: selection.alias?.value ?? selection.name.value, cost };
    }
  }
  return result;
}
