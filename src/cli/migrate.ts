/**
 * `npm run migrate`: applies the pending migrations to the configured database and says what it
 * applied. `--show` lists the pending ones without applying them; `--revert` undoes the last one.
 * Exit code 0 on success, 1 on any error (the message says what went wrong and what to do).
 */
import 'reflect-metadata';
import { pathToFileURL } from 'node:url';
import { loadConfig, type AppConfig } from '../config.js';
import { createDataSource } from '../db/data-source.js';
import { ENTITIES } from '../modules.js';
import { applyPendingMigrations, pendingMigrationNames, revertLastMigration } from '../migrations/runner.js';

const USAGE = [
  'Usage: npm run migrate [-- --show | --revert]',
  '  (no option)  apply every pending migration',
  '  --show       list the pending migrations, apply nothing',
  '  --revert     undo the last applied migration',
].join('\n');

type Action = 'apply' | 'show' | 'revert' | 'help';

function parseArgs(args: string[]): Action {
  const known: Record<string, Action> = { '--show': 'show', '--revert': 'revert', '--help': 'help', '-h': 'help' };
  const actions = args.map((a) => {
    const action = known[a];
    if (!action) throw new Error(`Unknown option "${a}".\n${USAGE}`);
    return action;
  });
  if (actions.length > 1) throw new Error(`Give one option at most, got ${args.join(' ')}.\n${USAGE}`);
  return actions[0] ?? 'apply';
}

function describeDatabase(config: AppConfig): string {
  if (config.db.type === 'mssql' && config.db.mssql) {
    const m = config.db.mssql;
    return `SQL Server database "${m.database}" on ${m.host}${m.instanceName ? `\\${m.instanceName}` : `:${m.port}`}`;
  }
  return `SQLite file ${config.db.sqlitePath}`;
}

function list(names: string[]): string {
  return names.map((n) => `  ${n}`).join('\n');
}

/** Runs the command; returns the process exit code. `print` gets normal output, `printError` errors. */
export async function runMigrateCommand(
  args: string[],
  env: Record<string, string | undefined>,
  print: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  printError: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<number> {
  let dataSource: Awaited<ReturnType<typeof createDataSource>>['dataSource'] | undefined;
  try {
    const action = parseArgs(args);
    if (action === 'help') {
      print(USAGE);
      return 0;
    }
    const config = loadConfig(env);
    const where = describeDatabase(config);
    try {
      dataSource = createDataSource(config, ENTITIES).dataSource;
      await dataSource.initialize();
    } catch (err) {
      throw new Error(`Could not open the ${where}: ${(err as Error).message}. Check the DB_TYPE, SQLITE_PATH or MSSQL_* settings.`, { cause: err });
    }

    if (action === 'show') {
      const pending = await pendingMigrationNames(dataSource);
      print(pending.length === 0
        ? `${where}: no pending migrations, nothing to apply.`
        : `${where}: ${pending.length} pending migration(s):\n${list(pending)}`);
    } else if (action === 'revert') {
      const reverted = await revertLastMigration(dataSource);
      print(reverted === null
        ? `${where}: no migration has been applied, nothing to revert.`
        : `${where}: reverted ${reverted}.`);
    } else {
      const applied = await applyPendingMigrations(dataSource);
      print(applied.length === 0
        ? `${where}: up to date, nothing to apply.`
        : `${where}: applied ${applied.length} migration(s):\n${list(applied)}`);
    }
    return 0;
  } catch (err) {
    printError(`Migration failed: ${(err as Error).message}`);
    return 1;
  } finally {
    if (dataSource?.isInitialized) await dataSource.destroy();
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  process.exitCode = await runMigrateCommand(process.argv.slice(2), process.env);
}
