/**
 * Start-up, in one place for the server and the tests: config -> database (migrations, demo seed)
 * -> services -> sandbox (embedded default) -> HTTP.
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import type { AppConfig } from './config.js';
import { createLogger, type Logger } from './common/logger.js';
import { loadOrCreateKeyFile } from './common/crypto.js';
import { createDataSource, type StatementCounter } from './db/data-source.js';
import { describeConnectionError } from './db/connection-errors.js';
import type { MssqlPackage } from './db/mssql.js';
import { createServices, ENTITIES, type Services } from './modules.js';
import { createSchema } from './api/schema.js';
import { createHttpApp, GRAPHQL_PATH } from './server.js';
import { attachSubscriptions } from './api/subscriptions.js';
import { seedDemoIsof } from './seed/demo.js';
import { applyPendingMigrations, pendingMigrationNames } from './migrations/runner.js';
import type { Sandbox } from './sandbox/server.js';
import { ShopEntity } from './shops/shop.entity.js';
import { setIsofTimeZone } from './isof/isof-time.js';
import type { RequestHook } from './idosell/index.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';

export const DEMO_SHOP_NAME = 'Sklep demo (sandbox)';

export interface RunningApp {
  url: string;
  graphqlUrl: string;
  config: AppConfig;
  services: Services;
  counter: StatementCounter;
  sandbox: Sandbox | null;
  logger: Logger;
  /** The app's own Prometheus registry and observers (null when METRICS=off). */
  metrics: Metrics | null;
  /**
   * Stops: takes no new request, then without `graceMs` waits for the running runs to finish; with
   * it stops them (no call to a shop starts, calls in flight get `graceMs`, then are cut; they close
   * INTERRUPTED), then answers the requests still going (a client waiting on a run gets it), then
   * closes GraphQL, the sandbox and the database.
   */
  close(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Called with every SQL statement (benchmarks, debugging). */
  onSql?: (sql: string) => void;
  /** Sees every request the IdoSell connector sends (the tests validate them against the schema). */
  onIdosellRequest?: RequestHook;
  /** The mssql package on DB_TYPE=mssql: the SQL Server render test passes its recording stand-in. */
  mssqlDriver?: MssqlPackage;
}

async function registerDemoShop(services: Services, sandbox: Sandbox, apiKey: string): Promise<void> {
  const existing = await services.ds.getRepository(ShopEntity).findOneBy({ name: DEMO_SHOP_NAME });
  if (existing) await services.shops.update(existing.id, { apiUrl: sandbox.url, apiKey });
  else await services.shops.create({ name: DEMO_SHOP_NAME, apiUrl: sandbox.url, apiKey, idosellStockId: 1, languageId: 'pol' });
}

export async function startApp(config: AppConfig, opts: StartOptions = {}): Promise<RunningApp> {
  const logger = opts.logger ?? createLogger(config.logLevel, undefined, config.logFormat);
  // A mass export allocates a lot of short-lived data; without this V8 lets it pile up to several
  // times the live heap, so the peak memory grew with the catalogue although the live set does not.
  if (config.heapGrowingPercent > 0) v8.setFlagsFromString(`--heap-growing-percent=${config.heapGrowingPercent}`);
  const secretKey = config.secretKey ?? loadOrCreateKeyFile(config.secretKeyFile);
  const logSql = config.db.logSql ? (sql: string) => logger.info({ sql }, 'sql') : undefined;
  const onSql = opts.onSql && logSql ? (sql: string) => { opts.onSql!(sql); logSql(sql); } : (opts.onSql ?? logSql);
  // Before the first query: ISOF's datetime columns convert in this zone (isof/isof-time.ts).
  setIsofTimeZone(config.isofTimeZone);
  const { dataSource, counter } = createDataSource(config, ENTITIES, onSql, opts.mssqlDriver);
  try {
    await dataSource.initialize();
  } catch (err) {
    // A self-signed certificate on SQL Server is common on premises: say what to set.
    throw new Error(`Could not connect to the database: ${describeConnectionError(err)}`, { cause: err });
  }
  const cleanups: (() => Promise<void>)[] = [async () => { if (dataSource.isInitialized) await dataSource.destroy(); }];
  try {
    if (config.db.migrationsRun) {
      const applied = await applyPendingMigrations(dataSource);
      if (applied.length) logger.info({ migrations: applied }, 'applied migrations');
    } else if ((await pendingMigrationNames(dataSource)).length) {
      logger.warn('there are pending migrations and MIGRATIONS_RUN is off: run `npm run migrate`');
    }
    if (config.seedDemo) {
      const seeded = await seedDemoIsof(dataSource);
      if (seeded.seeded) logger.info({ products: seeded.products }, 'seeded demo ISOF data into the empty database');
    }

    const metrics = config.metrics ? createMetrics() : null;
    const services = createServices(dataSource, config, logger, secretKey, opts.onIdosellRequest, metrics ?? undefined);
    services.progressLogs.nameShopsWith(async (id) => (await services.shops.get(id))?.name ?? null);
    // ISOF's tables are never created on SQL Server: check the real ones; a problem in a table the
    // server writes refuses the operations that write it (and /readyz says so), the rest keeps working.
    await services.isofSchema.startupCheck();
    const interrupted = await services.engine.recoverInterrupted();
    if (interrupted.length) logger.warn({ runs: interrupted }, 'runs left by a stopped server were marked INTERRUPTED');

    let sandbox: Sandbox | null = null;
    if (config.sandbox.enabled) {
      const { startSandbox } = await import('./sandbox/server.js');
      sandbox = await startSandbox({
        port: config.sandbox.port,
        apiKey: config.sandbox.apiKey,
        demo: true,
        stateFile: config.sandbox.stateFile ?? undefined,
        onWarning: (message) => logger.warn({ stateFile: config.sandbox.stateFile }, message),
      });
      cleanups.unshift(() => sandbox!.close());
      await registerDemoShop(services, sandbox, config.sandbox.apiKey);
      logger.info({ url: sandbox.url, stateFile: config.sandbox.stateFile }, 'IdoSell sandbox started on loopback; demo shop registered');
    }

    const schema = await createSchema();
    const readiness = async () => {
      try {
        await dataSource.query('SELECT 1');
        if ((await pendingMigrationNames(dataSource)).length) return { ok: false, detail: 'migrations are pending: run npm run migrate' };
        const isof = services.isofSchema.readiness();
        if (!isof.ok) return isof;
        return { ok: true, detail: 'database reachable, migrations applied, ISOF schema check passed for the tables the server writes' };
      } catch (err) {
        logger.warn({ err }, 'readiness check failed');
        return { ok: false, detail: 'database not reachable' };
      }
    };
    const http = await createHttpApp(config, services, schema, readiness, metrics);
    await new Promise<void>((resolve, reject) => {
      http.httpServer.once('error', reject);
      http.httpServer.listen(config.port, config.host, () => resolve());
    });
    cleanups.unshift(() => http.apollo.stop());
    // Closed first among the cleanups (after the runs, before the database): subscribers get the runs' last state.
    const live = attachSubscriptions(http.httpServer, GRAPHQL_PATH, config, services, schema);
    cleanups.unshift(() => live.close());
    const port = (http.httpServer.address() as AddressInfo).port;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `http://${shownHost}:${port}`;
    // Last: the scheduler starts runs only once the server answers (SCHEDULER=off leaves it idle).
    services.scheduler.start();
    return {
      url,
      graphqlUrl: `${url}${GRAPHQL_PATH}`,
      config,
      services,
      counter,
      sandbox,
      logger,
      metrics,
      async close(graceMs?: number) {
        // First: no scheduled run starts once the shutdown has begun.
        await services.scheduler.stop();
        http.stopAccepting();
        live.stopAccepting();
        if (graceMs === undefined) await services.engine.drain();
        else await services.engine.shutdown(graceMs);
        for (const c of cleanups) await c();
      },
    };
  } catch (err) {
    for (const c of cleanups) await c().catch(() => undefined);
    throw err;
  }
}
