/**
 * Abuse limits for GraphQL operations: nesting depth, estimated cost and alias count, measured by
 * query-measure.ts (its file comment has the model, and why it is not a library).
 *
 * The check runs in Apollo's `didResolveOperation` hook, i.e. after the document has been parsed and
 * validated and the operation chosen, and before any resolver runs. A refused operation gets one
 * GraphQLError with `extensions.code` QUERY_TOO_DEEP, QUERY_TOO_COSTLY or TOO_MANY_ALIASES and
 * `extensions.http.status` 400 (Apollo Server 5 turns that into the HTTP status and strips it from the body).
 */
import { GraphQLError, getIntrospectionQuery, Kind, parse, type DocumentNode, type SelectionSetNode } from 'graphql';
import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { analyzeDocument, type QueryLimits, type QueryMeasurement } from './query-measure.js';
import type { ApiErrorCode } from '../common/errors.js';

export { analyzeDocument, type QueryLimits, type QueryMeasurement } from './query-measure.js';

export type LimitErrorCode = Extract<ApiErrorCode, 'QUERY_TOO_DEEP' | 'QUERY_TOO_COSTLY' | 'TOO_MANY_ALIASES'>;

/** Depth of the standard introspection query with every option on, as sent by GraphiQL and most tools. */
function standardIntrospectionDepth(): number {
  const query = getIntrospectionQuery({
    descriptions: true,
    specifiedByUrl: true,
    directiveIsRepeatable: true,
    schemaDescription: true,
    inputValueDeprecation: true,
    oneOf: true,
  });
  let deepest = 0;
  const walk = (set: SelectionSetNode | undefined, depth: number, doc: DocumentNode, seen: Set<string>): void => {
    if (!set) return;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        deepest = Math.max(deepest, depth + 1);
        walk(s.selectionSet, depth + 1, doc, seen);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        walk(s.selectionSet, depth, doc, seen);
      } else if (!seen.has(s.name.value)) {
        const f = doc.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === s.name.value);
        if (f && f.kind === Kind.FRAGMENT_DEFINITION) walk(f.selectionSet, depth, doc, new Set([...seen, s.name.value]));
      }
    }
  };
  const doc = parse(query);
  for (const d of doc.definitions) if (d.kind === Kind.OPERATION_DEFINITION) walk(d.selectionSet, 0, doc, new Set());
  return deepest;
}

/**
 * Depth ceiling for `__schema` / `__type` subtrees: the standard introspection query's depth (15 with
 * graphql 16) plus 4 levels for tools that nest `ofType` deeper than graphql-js does.
 */
export const INTROSPECTION_MAX_DEPTH = standardIntrospectionDepth() + 4;

function limitError(code: LimitErrorCode, message: string, actual: number, limit: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, actual, limit, http: { status: 400 } } });
}

/**
 * Checks a measurement against the limits; returns the error to refuse the operation with, or null.
 * Depth is checked first, then aliases, then cost (one error per request).
 */
export function checkLimits(m: QueryMeasurement, limits: QueryLimits): GraphQLError | null {
  if (m.depth > limits.maxDepth) {
    return limitError(
      'QUERY_TOO_DEEP',
      `The query is ${m.depth} levels deep; the limit is ${limits.maxDepth}. Ask for fewer nested fields, ` +
        `or fetch the deeper data in a second query.`,
      m.depth,
      limits.maxDepth,
    );
  }
  if (m.introspectionDepth > INTROSPECTION_MAX_DEPTH) {
    return limitError(
      'QUERY_TOO_DEEP',
      `The introspection part of the query (__schema / __type) is ${m.introspectionDepth} levels deep; the limit ` +
        `for introspection is ${INTROSPECTION_MAX_DEPTH}. Use the standard introspection query ` +
        `(graphql-js getIntrospectionQuery()), or nest fewer "ofType" / "fields { type }" levels.`,
      m.introspectionDepth,
      INTROSPECTION_MAX_DEPTH,
    );
  }
  if (m.aliases > limits.maxAliases) {
    return limitError(
      'TOO_MANY_ALIASES',
      `The query uses ${m.aliases} aliased fields; the limit is ${limits.maxAliases}. Ask for fewer aliased ` +
        `fields per request, or split the work into several requests.`,
      m.aliases,
      limits.maxAliases,
    );
  }
  if (m.cost > limits.maxCost) {
    const where = m.costliestField ? ` The costliest part is "${m.costliestField.name}" (${m.costliestField.cost}).` : '';
    return limitError(
      'QUERY_TOO_COSTLY',
      `The query costs ${m.cost}; the limit is ${limits.maxCost}.${where} Lower \`first\` on lists and ` +
        `connections (pages hold at most ${limits.maxPageSize} items), ask for fewer fields inside them, ` +
        `or split the query into several requests.`,
      m.cost,
      limits.maxCost,
    );
  }
  return null;
}

/**
 * Apollo Server plugin that refuses operations over the limits before any resolver runs.
 * Usage: `new ApolloServer({ schema, plugins: [createLimitsPlugin(config.graphql)] })`.
 */
export function createLimitsPlugin(limits: QueryLimits): ApolloServerPlugin<BaseContext> {
  for (const key of ['maxDepth', 'maxCost', 'maxAliases', 'maxPageSize'] as const) {
    if (!Number.isFinite(limits[key]) || limits[key] < 0) {
      throw new Error(`The GraphQL limit ${key} must be a non-negative number; it is ${String(limits[key])}. Fix the configuration.`);
    }
  }
  const listener: GraphQLRequestListener<BaseContext> = {
    async didResolveOperation(ctx) {
      const measurement = analyzeDocument(ctx.schema, ctx.document, ctx.request.variables, ctx.request.operationName ?? ctx.operationName, limits);
      const error = checkLimits(measurement, limits);
      if (error) throw error;
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
