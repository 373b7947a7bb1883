/**
 * Coded domain errors. Services throw these; the GraphQL edge maps them once (see
 * api/error-format.ts) to `extensions.code`. Anything else is INTERNAL_SERVER_ERROR.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'UPSTREAM_ERROR'
  | 'SHUTTING_DOWN'
  | 'ISOF_SCHEMA_PROBLEM';

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
