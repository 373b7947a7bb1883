/**
 * Coded domain errors. Services throw these; the GraphQL edge maps them once (see
 * api/error-format.ts) to `extensions.code`. Anything else is INTERNAL_SERVER_ERROR.
 */

/** One `extensions.code` as the README's "Errors" table shows it. */
export interface ApiErrorCodeDoc {
  /** The HTTP status it comes with (GraphQL answers errors of a resolver with 200). */
  http: string;
  /** What it means, and what a person does about it. */
  action: string;
}

/**
 * Every `extensions.code` the server answers with, the one list: our domain errors (below), Apollo
 * Server 5's own codes as this server is configured (APQ on, so PERSISTED_QUERY_NOT_SUPPORTED never
 * comes; introspection off is a GRAPHQL_VALIDATION_FAILED), the query limits (api/limits.ts) and the
 * HTTP edge (server.ts, common/request-body.ts). The README's "Errors" table is this list (a test
 * compares them, and scans src/ for a code given to an error that the list lacks).
 */
export const API_ERROR_CODES = {
  BAD_USER_INPUT: {
    http: '200 (400 for variables)',
    action: 'An argument or input field is not valid (a malformed id, a page size out of range, a value the server has no such thing for); `extensions.field` or `extensions.fields` names it and the message says what is allowed. Correct it and send again; nothing was written.',
  },
  NOT_FOUND: {
    http: '200',
    action: 'The id names nothing (`extensions.what`, `extensions.id`); list the ids with the matching query (`shops`, `priceTypes`, `Shop.statusMappings`, ...). Nothing was written.',
  },
  CONFLICT: {
    http: '200',
    action: 'It clashes with what exists: a run of the same work is going for the shop (`extensions.runningRunId`: follow it with `syncRun` and start again when it has ended), or a shop name is taken (`extensions.field`: choose another name). Nothing was written.',
  },
  UNAUTHENTICATED: {
    http: '401',
    action: 'No API key, or one the server does not know: send `Authorization: Bearer <secret>` with a key from `API_KEYS`.',
  },
  FORBIDDEN: {
    http: '200 (403 at the edge)',
    action: 'The key lacks the role the field needs (the message names the role and the key): use a key with it. Without `API_KEYS` (403): the server answers only this machine by the name localhost, 127.0.0.1 or [::1]; open it so, or set `API_KEYS`.',
  },
  UPSTREAM_ERROR: {
    http: '200',
    action: 'The shop failed or refused a call this request needed (`extensions.idosell` says how: auth, scope, unavailable, ...; `extensions.shopMessage` has its words). Fix what the message says (the key with `updateShop`, a permission in the IdoSell panel) or try again later; `testShopConnection` shows what works.',
  },
  SHUTTING_DOWN: {
    http: '503 (200 for a run)',
    action: 'The server is stopping and starts nothing new; send the request again once it is back, or to another instance.',
  },
  ISOF_SCHEMA_PROBLEM: {
    http: '200',
    action: "ISOF's tables differ from what the server writes, so `importOrders` is refused (a dry run is not). Run `isofSchemaCheck` for the list, fix the tables or the login's rights, and import again; no restart is needed.",
  },
  INTERNAL_SERVER_ERROR: {
    http: '200 (500 at the edge)',
    action: 'Something unexpected failed on the server; it was logged with `extensions.reference`. Try again; if it persists, give the reference to the administrator.',
  },
  GRAPHQL_PARSE_FAILED: {
    http: '400',
    action: 'The query text is not GraphQL; fix the syntax at the location in the message.',
  },
  GRAPHQL_VALIDATION_FAILED: {
    http: '400',
    action: "The query asks for a field, argument or type the schema does not have, or uses one wrongly; check it against the explorer's Docs. Also the answer to introspection when `GRAPHQL_INTROSPECTION` is false (production).",
  },
  OPERATION_RESOLUTION_FAILURE: {
    http: '400',
    action: 'The document holds several operations and `operationName` is missing or names none of them; send the name of the one to run.',
  },
  PERSISTED_QUERY_NOT_FOUND: {
    http: '200',
    action: 'An automatic persisted query whose hash the server does not hold (it forgets them on restart); send the request again with the full query text (Apollo clients do this by themselves).',
  },
  BAD_REQUEST: {
    http: '400 (405 a mutation by GET, 413 too large)',
    action: 'The HTTP request itself is wrong: a body that is not valid JSON, cut off or larger than `BODY_LIMIT` (413), no `query`, a mutation sent by GET, a GET without the `Apollo-Require-Preflight` header, a subscription sent over HTTP (use a graphql-ws client on the WebSocket) or a query or mutation sent over the WebSocket (use HTTP POST). Fix the request as the message says.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    http: '415',
    action: 'The body is not JSON in UTF-8, or is compressed otherwise than gzip, deflate or br; send it with `Content-Type: application/json`.',
  },
  QUERY_TOO_DEEP: {
    http: '400',
    action: 'The selection is nested deeper than `GRAPHQL_MAX_DEPTH` (`extensions.actual`, `extensions.limit`); ask for less at once.',
  },
  QUERY_TOO_COSTLY: {
    http: '400',
    action: 'The query would read more than `GRAPHQL_MAX_COST` (each field 1, a list multiplies by its `first`); ask for smaller pages (`first`) or fewer fields, and page with `after`.',
  },
  TOO_MANY_ALIASES: {
    http: '400',
    action: 'The operation uses more aliases than `GRAPHQL_MAX_ALIASES`; split it into several requests.',
  },
  TOO_MANY_SUBSCRIPTIONS: {
    http: 'none (WebSocket)',
    action: 'One WebSocket connection already holds `SUBSCRIPTIONS_PER_CONNECTION` subscriptions (`extensions.limit`); end one, or open another connection.',
  },
} as const satisfies Record<string, ApiErrorCodeDoc>;

export type ApiErrorCode = keyof typeof API_ERROR_CODES;

/** The codes a DomainError carries: a part of the list, so a new one must be documented there first. */
export type ErrorCode = Extract<ApiErrorCode,
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'UPSTREAM_ERROR'
  | 'SHUTTING_DOWN'
  | 'ISOF_SCHEMA_PROBLEM'>;

export class DomainError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadInputError extends DomainError {
  constructor(message: string, field?: string) {
    super('BAD_USER_INPUT', message, field ? { field } : {});
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string | number) {
    super('NOT_FOUND', `${what} ${id} does not exist. Check the id (list them with the matching query).`, { what, id: String(id) });
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('CONFLICT', message, details);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

export class UpstreamError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('UPSTREAM_ERROR', message, details);
  }
}

/** The server is stopping: it starts no new run and takes no new request; try again once it is back. */
export class ShuttingDownError extends DomainError {
  constructor(message = 'The server is shutting down and starts nothing new; send the request again once it is back (or to another instance).') {
    super('SHUTTING_DOWN', message);
  }
}

/** True for SQL Server (2627, 2601) and SQLite unique/primary key violations. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { number?: number; code?: string; driverError?: unknown; message?: string } | null;
  if (!e) return false;
  if (e.number === 2627 || e.number === 2601) return true;
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
  if (e.driverError && e.driverError !== err) return isUniqueViolation(e.driverError);
  const original = (e as { originalError?: unknown }).originalError;
  if (original && original !== err) return isUniqueViolation(original);
  return false;
}
