/**
 * The data source, built from the one typed config. SQL Server in production, SQLite
 * (better-sqlite3, a file under ./data/) as the embedded default and in tests. The caller passes
 * the entities (src/modules.ts ENTITIES): db/ knows no feature.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions, type Logger as OrmLogger } from 'typeorm';
import type { AppConfig, MssqlConfig } from '../config.js';
import type { Class } from '../common/feature-module.js';
import { MIGRATIONS } from '../migrations/index.js';
import { mssqlPackage, withDateTime2, type MssqlPackage } from './mssql.js';

/** Counts SQL statements (the benchmarks and the N+1 tests read it) and logs them when asked. */
export class StatementCounter implements OrmLogger {
  count = 0;
  readonly recent: string[] = [];
  constructor(private readonly sink?: (sql: string) => void, private readonly keep = 0) {}

  logQuery(query: string): void {
    this.count++;
    if (this.keep > 0) {
      this.recent.push(query);
      if (this.recent.length > this.keep) this.recent.shift();
    }
    this.sink?.(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}

  reset(): number {
    const n = this.count;
    this.count = 0;
    this.recent.length = 0;
    return n;
  }
}

/**
 * SQL Server options. Kept apart so that a unit test can check them without a server. `driver` is
 * the mssql package (a recording stand-in in the render test); either way Dates bind as datetime2.
 */
export function mssqlOptions(c: MssqlConfig, driver?: MssqlPackage): DataSourceOptions {
  return {
    type: 'mssql',
    driver: driver ? withDateTime2(driver) : mssqlPackage(),
    host: c.host,
    port: c.instanceName ? undefined : c.port,
    database: c.database,
    username: c.user,
    password: c.password,
    schema: c.schema,
    // requestTimeout belongs at the top level for TypeORM's mssql driver; inside options it is ignored.
    requestTimeout: c.requestTimeoutMs,
    connectionTimeout: c.connectTimeoutMs,
    pool: { max: c.poolMax, min: c.poolMin, idleTimeoutMillis: 30000 },
    options: {
      encrypt: c.encrypt,
      trustServerCertificate: c.trustServerCertificate,
      // Store and read datetime2 as UTC, whatever the server's time zone.
      useUTC: true,
      instanceName: c.instanceName,
      enableArithAbort: true,
      appName: 'isof-idosell-middleware',
      // READ COMMITTED is SQL Server's default; said here so nobody has to guess.
      isolationLevel: 'READ COMMITTED',
    },
  } as DataSourceOptions;
}

export interface DataSourceHandle {
  dataSource: DataSource;
  counter: StatementCounter;
}

export function buildDataSourceOptions(config: AppConfig, entities: readonly Class[], counter?: OrmLogger, mssqlDriver?: MssqlPackage): DataSourceOptions {
  const common = {
    entities: [...entities],
    migrations: MIGRATIONS,
    migrationsTableName: 'idosell_migrations',
    synchronize: false,
    migrationsRun: false,
    logger: counter,
    logging: counter ? (['query'] as const) : false,
  };
  if (config.db.type === 'mssql') {
    if (!config.db.mssql) throw new Error('DB_TYPE=mssql needs the MSSQL_* settings.');
    return { ...mssqlOptions(config.db.mssql, mssqlDriver), ...common } as DataSourceOptions;
  }
  return {
    type: 'better-sqlite3',
    database: config.db.sqlitePath,
    // WAL lets readers go on while a run writes; a busy timeout waits out a concurrent writer.
    prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${config.db.sqliteSynchronous}`);
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
    },
    ...common,
  } as DataSourceOptions;
}

export function createDataSource(
  config: AppConfig, entities: readonly Class[], sink?: (sql: string) => void, mssqlDriver?: MssqlPackage,
): DataSourceHandle {
  if (config.db.type === 'sqlite') fs.mkdirSync(path.dirname(config.db.sqlitePath), { recursive: true });
  const counter = new StatementCounter(sink);
  const dataSource = new DataSource(buildDataSourceOptions(config, entities, counter, mssqlDriver));
  return { dataSource, counter };
}

