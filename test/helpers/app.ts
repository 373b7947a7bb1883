/**
 * Starts the real server (real SQLite file in a temporary folder, real HTTP on loopback) for e2e
 * tests, and talks GraphQL to it over HTTP.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { testAppEnv } from './test-env.js';
import { createLogger } from '../../src/common/logger.js';
import { strictSchemaHook } from '../../src/idosell/testing.js';
import { loadConfig } from '../../src/config.js';
import { startApp, type RunningApp } from '../../src/app.js';
import { ISOF_ENTITIES } from '../../src/isof/entities.js';
import { createThrowawayDatabase, dropThrowawayDatabase, serverSettings, throwawayDatabaseName } from './mssql-database.js';

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[];
  headers: Headers;
}

export interface TestApp extends RunningApp {
  dir: string;
  /** Every log line (JSON), when started with captureLogs. */
  logs: string[];
  /** Requests the connector sent that IdoSell's published schema does not allow (must stay empty). */
  schemaViolations(): string[];
  /** How many connector requests were checked against the schema. */
  schemaChecked(): number;
  gql<T = any>(query: string, variables?: Record<string, unknown>, opts?: { key?: string; headers?: Record<string, string> }): Promise<GqlResult<T>>;
}

export async function startTestApp(opts: { env?: Record<string, string>; seed?: boolean; dir?: string; captureLogs?: boolean } = {}): Promise<TestApp> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'isof-idosell-test-'));
  // SQLite unless DB_TYPE=mssql (npm run test:mssql): then a throwaway database on that server, with
  // ISOF's tables created here from the ISOF entities, dropped again when the app closes.
  const mssqlDb = process.env.DB_TYPE === 'mssql' ? throwawayDatabaseName(process.env) : undefined;
  if (mssqlDb) await createThrowawayDatabase(process.env, mssqlDb, ISOF_ENTITIES);
  const config = loadConfig({
    ...testAppEnv(),
    DB_TYPE: mssqlDb ? 'mssql' : 'sqlite',
    ...(mssqlDb ? { ...serverSettings(process.env), MSSQL_DATABASE: mssqlDb } : {}),
    DATA_DIR: dir,
    SEED_DEMO: opts.seed === false ? 'false' : 'true',
    ...opts.env,
  });
  const logs: string[] = [];
  const logger = opts.captureLogs
    ? createLogger('debug', new Writable({ write(chunk, _enc, cb) { logs.push(...String(chunk).split('\n').filter(Boolean)); cb(); } }))
    : undefined;
  const strict = strictSchemaHook();
  let app: RunningApp;
  try {
    app = await startApp(config, { logger, onIdosellRequest: strict.hook });
  } catch (err) {
    if (mssqlDb) await dropThrowawayDatabase(process.env, mssqlDb);
    throw err;
  }
  const gql: TestApp['gql'] = async (query, variables, o = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers };
    if (o.key) headers.authorization = `Bearer ${o.key}`;
    const res = await fetch(app.graphqlUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const text = await res.text();
    let body: { data?: any; errors?: any[] };
    try {
      body = JSON.parse(text);
    } catch {
      body = { errors: [{ message: `non-JSON answer: ${text.slice(0, 200)}` }] };
    }
    return { status: res.status, data: body.data ?? undefined, errors: body.errors, headers: res.headers };
  };
  const closeApp = app.close.bind(app);
  return Object.assign(app, {
    dir,
    logs,
    schemaViolations: () => strict.violations.map((v) => `${v.path}: ${v.message}`),
    schemaChecked: () => strict.checked(),
    gql,
    close: async () => {
      try {
        await closeApp();
      } finally {
        if (mssqlDb) await dropThrowawayDatabase(process.env, mssqlDb);
      }
      if (!opts.dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  });
}

/**
 * Strict schema check per test: after each test, the connector requests it sent must all match
 * IdoSell's published schema, so a bad request fails the test that sent it (one sent in a
 * beforeAll is blamed on the first test). `app` is read when the hook runs: it is set in beforeAll.
 */
export function expectSchemaCleanAfterEach(app: () => TestApp | undefined): void {
  let seen = 0;
  afterEach(() => {
    const violations = app()?.schemaViolations() ?? [];
    const fresh = violations.slice(seen);
    seen = violations.length;
    expect(fresh).toEqual([]);
  });
}
