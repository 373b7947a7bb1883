/**
 * The one place where errors become GraphQL answers. Coded domain errors keep their code and
 * sentence (they quote input through common/text.ts `quote`, capped); validation errors become
 * BAD_USER_INPUT listing what to fix; graphql-js's own messages keep theirs with the values they
 * repeat capped; anything unexpected is logged in full and answered as INTERNAL_SERVER_ERROR with a reference, without stack, SQL or secrets.
 */
import crypto from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { DomainError, type ApiErrorCode } from '../common/errors.js';
import { capQuoted } from '../common/text.js';
import type { Logger } from '../common/logger.js';

function flatten(errors: ValidationError[], prefix = ''): { field: string; problems: string[] }[] {
  const out: { field: string; problems: string[] }[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    // A constraint message may repeat the value ($value): capped like every echo of input.
    if (e.constraints) out.push({ field, problems: Object.values(e.constraints).map((m) => capQuoted(m)) });
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/**
 * Codes a client may see as they are (graphql-js, Apollo, our limits); each is in the one list
 * (common/errors.ts). Not PERSISTED_QUERY_NOT_SUPPORTED: Apollo answers it only with persisted queries
 * turned off, and they are on.
 */
const PASS_THROUGH = new Set<string>([
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE', 'QUERY_TOO_DEEP', 'QUERY_TOO_COSTLY', 'TOO_MANY_ALIASES', 'UNAUTHENTICATED', 'FORBIDDEN',
] satisfies ApiErrorCode[]);

/**
 * graphql-js's " Did you mean ...?" hints (an unknown field, argument, enum value or input field; one
 * at most per message, at its end, naming only schema names, which hold no "?"). Apollo's
 * hideSchemaDetailsFromClientErrors strips them from validation errors only; the ones raised while
 * reading the variables (code BAD_USER_INPUT) come here with them.
 */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

export function stripSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

export interface ErrorFormatterOptions {
  /** Drop " Did you mean ...?" from every message that reaches a client (production). */
  hideSuggestions?: boolean;
}

export function createErrorFormatter(logger: Logger, opts: ErrorFormatterOptions = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { locations: formatted.locations, path: formatted.path };
    if (original instanceof DomainError) {
      return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
    }
    if (original instanceof ArgumentValidationError) {
      const fields = flatten(original.extensions.validationErrors as unknown as ValidationError[]);
      const sentence = fields.map((f) => f.problems.join(' ')).join(' ');
      return {
        ...base,
        message: `The input is not valid: ${sentence}`,
        extensions: { code: 'BAD_USER_INPUT', fields },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASS_THROUGH.has(code) && !(original instanceof Error && !(original instanceof GraphQLError))) {
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      // graphql-js repeats a bad value whole (`ID cannot represent value: "..."`): cap what it repeats.
      const capped = capQuoted(formatted.message);
      const message = opts.hideSuggestions ? stripSuggestions(capped) : capped;
      return { ...base, message, extensions };
    }
    const reference = crypto.randomUUID();
    logger.error({ err: original, reference, path: formatted.path }, 'unexpected error in a GraphQL request');
    return {
      ...base,
      message: `Something went wrong on the server; it was logged with reference ${reference}. Try again, and if it persists give the reference to the administrator.`,
      extensions: { code: 'INTERNAL_SERVER_ERROR', reference },
    };
  };
}
