/**
 * Starts the real server on TypeORM's SQL Server driver with the recording mssql stand-in: the
 * product's own code (migrations, services, GraphQL, runs) renders its SQL Server statements and
 * the recorder keeps them. GraphQL is spoken over HTTP on loopback, as in the e2e tests.
 *
 * The entities read DB_TYPE when their module is first loaded (src/db/column-types.ts), so the
 * product's modules are imported here, after DB_TYPE=mssql is set, and DB_TYPE is put back at
 * once: other test files in the same worker keep their own module registry and environment.
 */
import { testAppEnv } from './test-env.js';
import type { RunningApp } from '../../src/app.js';
import { MssqlRecorder } from './mssql-recorder.js';

export interface MssqlRenderApp {
  app: RunningApp;
  recorder: MssqlRecorder;
  isofTables: string[];
  gql<T = any>(query: string, variables?: Record<string, unknown>, key?: string): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;
}

/**
 * `before` feeds the recorder before the server starts (the start-up ISOF schema check reads
 * INFORMATION_SCHEMA then).
 */
export async function startMssqlRenderApp(
  env: Record<string, string> = {}, keepRows: string[] = [], before?: (recorder: MssqlRecorder) => void,
): Promise<MssqlRenderApp> {
  const previous = process.env.DB_TYPE;
  process.env.DB_TYPE = 'mssql';
  let modules;
  try {
    modules = await Promise.all([import('../../src/config.js'), import('../../src/app.js'), import('../../src/isof/entities.js')]);
  } finally {
    if (previous === undefined) delete process.env.DB_TYPE;
    else process.env.DB_TYPE = previous;
  }
  const [{ loadConfig }, { startApp }, { ISOF_TABLES }] = modules;
  const isofTables = Object.values(ISOF_TABLES) as string[];
  // ISOF's tables exist on a real ISOF database: hasTable finds them.
  const recorder = new MssqlRecorder({ database: 'ISOF', schema: 'dbo', presentTables: isofTables, keepRows });
  before?.(recorder);
  const config = loadConfig({
    ...testAppEnv(),
    DB_TYPE: 'mssql',
    MSSQL_HOST: 'sql.invalid',
    MSSQL_DATABASE: 'ISOF',
    MSSQL_USER: 'integration',
    MSSQL_PASSWORD: 'not-used-by-the-stand-in',
    SEED_DEMO: 'false',
    // No heartbeat within a render: on a slow machine its UPDATE would appear in the snapshot now and then.
    RUN_HEARTBEAT_MS: '3600000',
    RUN_STALE_AFTER_MS: '7200000',
    ...env,
  });
  const app = await startApp(config, { mssqlDriver: recorder.driver });
  const gql: MssqlRenderApp['gql'] = async (query, variables, key) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key) headers.authorization = `Bearer ${key}`;
    const res = await fetch(app.graphqlUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as { data?: any; errors?: any[] };
  };
  return { app, recorder, isofTables, gql };
}
