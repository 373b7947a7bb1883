/**
 * Throwaway databases for `npm run test:mssql`: the e2e suite against a real SQL Server given by
 * MSSQL_HOST / MSSQL_PORT / MSSQL_INSTANCE / MSSQL_USER / MSSQL_PASSWORD / MSSQL_ENCRYPT /
 * MSSQL_TRUST_SERVER_CERTIFICATE. Each test app gets its own database (a name with a random
 * suffix) with ISOF's tables created here, by the test setup, from the ISOF entities: the server
 * under test never creates them. The database is dropped when the app closes, and the global
 * teardown drops whatever a failed run left (names carry the run's prefix).
 *
 * `driver` lets a unit test record the statements through the mssql stand-in instead of a server.
 */
import crypto from 'node:crypto';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { createRequire } from 'node:module';
import type { MssqlPackage } from '../../src/db/mssql.js';
import type { Class } from '../../src/common/feature-module.js';

export type Env = Record<string, string | undefined>;

/** Every database of one run starts with this; the run id comes from the global setup. */
export function runPrefix(env: Env): string {
  const run = env.MSSQL_TEST_RUN ?? '';
  if (!/^[a-z0-9]{4,16}$/.test(run)) throw new Error('MSSQL_TEST_RUN (set by the test:mssql global setup) must be 4 to 16 lowercase letters or digits.');
  return `isof_idosell_test_${run}_`;
}

export function throwawayDatabaseName(env: Env, suffix = crypto.randomBytes(4).toString('hex')): string {
  return `${runPrefix(env)}${suffix}`;
}

/** A database name goes into DDL unbound (CREATE DATABASE takes no parameter): only these characters pass. */
function quoted(name: string): string {
  if (!/^[A-Za-z0-9_]{1,128}$/.test(name)) throw new Error(`Refusing the database name "${name}": letters, digits and _ only.`);
  return `[${name}]`;
}

/** The MSSQL_* the suite needs, with a sentence naming what is missing. */
export function serverSettings(env: Env): Record<string, string> {
  const missing = ['MSSQL_HOST', 'MSSQL_USER', 'MSSQL_PASSWORD'].filter((k) => !env[k]);
  if (missing.length) throw new Error(`npm run test:mssql needs ${missing.join(', ')}: a SQL Server login allowed to CREATE and DROP DATABASE (use a test server, never ISOF's production server).`);
  const picked: Record<string, string> = {};
  for (const k of ['MSSQL_HOST', 'MSSQL_PORT', 'MSSQL_INSTANCE', 'MSSQL_USER', 'MSSQL_PASSWORD', 'MSSQL_ENCRYPT', 'MSSQL_TRUST_SERVER_CERTIFICATE', 'MSSQL_SCHEMA']) {
    if (env[k] !== undefined) picked[k] = env[k]!;
  }
  return picked;
}

function options(env: Env, database: string, driver?: MssqlPackage): DataSourceOptions {
  const s = serverSettings(env);
  return {
    type: 'mssql',
    driver: driver ?? createRequire(import.meta.url)('mssql'),
    host: s.MSSQL_HOST,
    port: s.MSSQL_INSTANCE ? undefined : Number(s.MSSQL_PORT ?? 1433),
    username: s.MSSQL_USER,
    password: s.MSSQL_PASSWORD,
    database,
    options: {
      encrypt: (s.MSSQL_ENCRYPT ?? 'true') === 'true',
      trustServerCertificate: s.MSSQL_TRUST_SERVER_CERTIFICATE === 'true',
      instanceName: s.MSSQL_INSTANCE,
    },
  } as DataSourceOptions;
}

async function onMaster<T>(env: Env, work: (ds: DataSource) => Promise<T>, driver?: MssqlPackage): Promise<T> {
  const ds = await new DataSource(options(env, 'master', driver)).initialize();
  try {
    return await work(ds);
  } finally {
    await ds.destroy();
  }
}

/**
 * Creates the database and ISOF's tables in it, as the ISOF entities describe them (TypeORM's
 * schema builder, run by this test setup). The entities must have been loaded with DB_TYPE=mssql.
 */
export async function createThrowawayDatabase(env: Env, name: string, isofEntities: readonly Class[], driver?: MssqlPackage): Promise<void> {
  await onMaster(env, (ds) => ds.query(`CREATE DATABASE ${quoted(name)}`), driver);
  try {
    const ds = await new DataSource({ ...options(env, name, driver), entities: [...isofEntities] } as DataSourceOptions).initialize();
    try {
      await ds.synchronize();
    } finally {
      await ds.destroy();
    }
  } catch (err) {
    await dropThrowawayDatabase(env, name, driver);
    throw err;
  }
}

export async function dropThrowawayDatabase(env: Env, name: string, driver?: MssqlPackage): Promise<void> {
  const db = quoted(name);
  await onMaster(env, (ds) => ds.query(`IF DB_ID(@0) IS NOT NULL BEGIN ALTER DATABASE ${db} SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE ${db}; END`, [name]), driver);
}

/** Drops every database of this run still there (the global teardown: a failed run leaves none behind). */
export async function dropRunDatabases(env: Env, driver?: MssqlPackage): Promise<string[]> {
  const prefix = runPrefix(env);
  const rows: { name: string }[] = await onMaster(env, (ds) => ds.query(`SELECT "name" FROM "sys"."databases" WHERE "name" LIKE @0`, [`${prefix.replace(/_/g, '[_]')}%`]), driver);
  for (const { name } of rows) await dropThrowawayDatabase(env, name, driver);
  return rows.map((r) => r.name);
}

/**
 * The global teardown of `npm run test:mssql` (jest.mssql.config.js points here: jest loads a
 * global teardown with Node's own resolver, which cannot follow the suite's `.js` specifiers to
 * `.ts` files, so it lives in this file, which imports nothing relative at run time).
 */
export default async function globalTeardown(): Promise<void> {
  const left = await dropRunDatabases(process.env);
  if (left.length) console.warn(`test:mssql dropped databases a failed test left: ${left.join(', ')}`);
}
