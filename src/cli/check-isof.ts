/**
 * `npm run check-isof`: compares ISOF's real tables (MSSQL_SCHEMA, or the login's default schema)
 * with what the server expects, and prints each problem with what to do. Read-only: it runs no
 * migration and writes nothing. Exit code 0 when ok (warnings may be printed), 1 when there are
 * problems, 2 when it cannot connect or the configuration is not valid.
 */
import 'reflect-metadata';
import { pathToFileURL } from 'node:url';
import { loadConfig, type AppConfig } from '../config.js';
import { createDataSource } from '../db/data-source.js';
import { describeConnectionError } from '../db/connection-errors.js';
import { ENTITIES } from '../modules.js';
import { checkIsofSchema } from '../isof/isof-schema.service.js';
import type { IsofSchemaReportData } from '../isof/schema-check.js';

function describeDatabase(config: AppConfig): string {
  if (config.db.type === 'mssql' && config.db.mssql) {
    const m = config.db.mssql;
    return `SQL Server database "${m.database}" on ${m.host}${m.instanceName ? `\\${m.instanceName}` : `:${m.port}`}`;
  }
  return `SQLite file ${config.db.sqlitePath}`;
}

/** The report as text, one problem per paragraph. */
export function formatReport(where: string, report: IsofSchemaReportData): string[] {
  const errors = report.problems.filter((p) => p.severity === 'error').length;
  const warnings = report.problems.length - errors;
  const lines = [`${where}, schema "${report.schema}": ${report.ok ? 'OK' : 'PROBLEMS'} (${errors} problem(s), ${warnings} warning(s)).`];
  for (const p of report.problems) {
    lines.push(`  [${p.severity === 'error' ? 'problem' : 'warning'}] ${p.table}${p.column ? `.${p.column}` : ''}: ${p.message}`);
  }
  return lines;
}

/** Runs the command; returns the process exit code. */
export async function runCheckIsofCommand(
  env: Record<string, string | undefined>,
  print: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  printError: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<number> {
  let config: AppConfig;
  try {
    config = loadConfig(env);
  } catch (err) {
    printError((err as Error).message);
    return 2;
  }
  const where = describeDatabase(config);
  const { dataSource } = createDataSource(config, ENTITIES);
  try {
    try {
      await dataSource.initialize();
    } catch (err) {
      printError(`Could not connect to the ${where}: ${describeConnectionError(err)}`);
      return 2;
    }
    const report = await checkIsofSchema(dataSource);
    for (const line of formatReport(where, report)) print(line);
    return report.ok ? 0 : 1;
  } catch (err) {
    printError(`The check could not read the ${where}: ${describeConnectionError(err)}`);
    return 2;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  process.exitCode = await runCheckIsofCommand(process.env);
}
