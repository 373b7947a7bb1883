/**
 * Applying, listing and reverting migrations: what `npm run migrate` and the server's start-up
 * (MIGRATIONS_RUN) call. The data source must be initialised.
 */
import { MigrationExecutor, type DataSource } from 'typeorm';

/** Runs every pending migration in one transaction; returns the names applied, in order. */
export async function applyPendingMigrations(ds: DataSource): Promise<string[]> {
  const applied = await ds.runMigrations({ transaction: 'all' });
  return applied.map((m) => m.name);
}

/** Names of the migrations not yet applied, in the order they would run. */
export async function pendingMigrationNames(ds: DataSource): Promise<string[]> {
  const pending = await new MigrationExecutor(ds).getPendingMigrations();
  return pending.map((m) => m.name);
}

/** Names of the migrations applied so far, oldest first. */
export async function appliedMigrationNames(ds: DataSource): Promise<string[]> {
  const executed = await new MigrationExecutor(ds).getExecutedMigrations();
  return [...executed].sort((a, b) => a.timestamp - b.timestamp || (a.id ?? 0) - (b.id ?? 0)).map((m) => m.name);
}

/** Undoes the last applied migration; returns its name, or null when none was applied. */
export async function revertLastMigration(ds: DataSource): Promise<string | null> {
  const before = await appliedMigrationNames(ds);
  if (before.length === 0) return null;
  await ds.undoLastMigration({ transaction: 'each' });
  const after = new Set(await appliedMigrationNames(ds));
  return before.find((name) => !after.has(name)) ?? null;
}
