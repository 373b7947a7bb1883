/**
 * The one typed configuration object, read from the environment and validated at start-up.
 * Every variable is documented in the README with its default; a bad value fails fast with a
 * sentence naming the variable.
 */
import path from 'node:path';
import { isTimeZone } from './common/zoned-time.js';

export type DbType = 'sqlite' | 'mssql';
export type Role = 'viewer' | 'operator' | 'admin';

export interface ApiKeyConfig {
  name: string;
  role: Role;
  secret: string;
}

export interface MssqlConfig {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  instanceName?: string;
  encrypt: boolean;
  trustServerCertificate: boolean;
  poolMax: number;
  poolMin: number;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  schema?: string;
}

export interface IdosellClientConfig {
  /** Time allowed to open the TCP/TLS connection. */
  connectTimeoutMs: number;
  /** Time allowed for a whole request (answer fully read). */
  requestTimeoutMs: number;
  /** How many times a call that is safe to repeat is retried. */
  retries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** The longest Retry-After we are willing to wait; longer is an error that says so. */
  retryAfterMaxS: number;
  /** Calls in flight per shop. */
  concurrency: number;
  /**
   * May a shop's address be (or resolve to) a loopback, private, link-local or other non-public
   * address? True for the embedded default's sandbox; false otherwise, so the server cannot be
   * pointed at the network it sits in (IDOSELL_ALLOW_PRIVATE_ADDRESSES).
   */
  allowPrivateAddresses: boolean;
}

export interface AppConfig {
  env: 'production' | 'development' | 'test';
  host: string;
  port: number;
  dataDir: string;
  db: {
    type: DbType;
    sqlitePath: string;
    /**
     * SQLite's `synchronous` in WAL mode. NORMAL: a commit does not wait for the disk (fsync at
     * checkpoints only); the database stays consistent, and a power cut may undo the last commits,
     * which the runs redo (a run left RUNNING becomes INTERRUPTED, and the next one looks codes up
     * before creating). FULL: every commit waits for fsync, blocking the event loop meanwhile.
     */
    sqliteSynchronous: 'NORMAL' | 'FULL';
    mssql?: MssqlConfig;
    /** Apply pending migrations at start. */
    migrationsRun: boolean;
    /** Log every SQL statement (debug). */
    logSql: boolean;
  };
  /** Seed demo ISOF data into an empty database. */
  seedDemo: boolean;
  /** IANA time zone of ISOF's datetime columns (local wall-clock time, e.g. ZAMOWIENIA.DATA). */
  isofTimeZone: string;
  apiKeys: ApiKeyConfig[];
  /** 32-byte key for AES-256-GCM of the shops' API keys; null means "use/create SECRET_KEY_FILE". */
  secretKey: Buffer | null;
  secretKeyFile: string;
  graphql: {
    introspection: boolean;
    explorer: boolean;
    maxDepth: number;
    maxCost: number;
    maxAliases: number;
    maxPageSize: number;
    bodyLimit: string;
  };
  corsOrigins: string[];
  /** Limits of the HTTP server itself (node's http.Server options). */
  http: {
    /** Time for a request's headers to arrive in full (slower clients get 408). */
    headersTimeoutMs: number;
    /** Time for a whole request (headers and body) to arrive; counts until received, not until answered. */
    requestTimeoutMs: number;
    /** How long an idle keep-alive connection stays open. */
    keepAliveTimeoutMs: number;
    /** Connections open at once; more are closed as they arrive. */
    maxConnections: number;
  };
  logLevel: string;
  /** pretty: one human line per event (pino-pretty); json: one JSON object per line, for a log collector (LOG_FORMAT). */
  logFormat: 'pretty' | 'json';
  /** Serve Prometheus metrics on /metrics (METRICS). */
  metrics: boolean;
  /**
   * V8's heap growing factor in percent over the live heap (0: V8's own, which lets a long run's
   * garbage pile up to several times the live heap before a full collection).
   */
  heapGrowingPercent: number;
  sandbox: {
    enabled: boolean;
    port: number;
    apiKey: string;
    /** Where the embedded sandbox keeps its shop across restarts (SANDBOX_STATE_FILE); null: in memory only. */
    stateFile: string | null;
  };
  idosell: IdosellClientConfig;
  runs: {
    heartbeatMs: number;
    staleAfterMs: number;
  };
  /**
   * On SIGTERM/SIGINT (and cancelSyncRun): how long calls already in flight to a shop are awaited
   * before they are cut; the process exits within this plus about 2 s.
   */
  shutdownGraceMs: number;
  /** Live progress: the WebSocket subscriptions and the progress lines in the log. */
  progress: {
    /** How often a subscription reads its run's row (SUBSCRIPTION_POLL_MS). */
    subscriptionPollMs: number;
    /** Subscriptions open at once on one WebSocket connection (SUBSCRIPTIONS_PER_CONNECTION). */
    subscriptionsPerConnection: number;
    /** A running run logs its progress at least this often, or every 10% of its total (RUN_PROGRESS_LOG_SECONDS). */
    logSeconds: number;
  };
  /** Schedules: whether this instance's scheduler ticks (SCHEDULER), and how often (SCHEDULER_TICK_SECONDS). */
  scheduler: { enabled: boolean; tickSeconds: number };
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration is not valid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

class Reader {
  constructor(private readonly env: Env, readonly problems: string[] = []) {}

  raw(name: string): string | undefined {
    const v = this.env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  }

  str(name: string, def: string): string {
    return this.raw(name) ?? def;
  }

  required(name: string, why: string): string {
    const v = this.raw(name);
    if (v === undefined) {
      this.problems.push(`${name} is required ${why}.`);
      return '';
    }
    return v;
  }

  int(name: string, def: number, min: number, max: number): number {
    const v = this.raw(name);
    if (v === undefined) return def;
    if (!/^-?\d+$/.test(v)) {
      this.problems.push(`${name} must be a whole number, got "${v}".`);
      return def;
    }
    const n = Number(v);
    if (n < min || n > max) {
      this.problems.push(`${name} must be between ${min} and ${max}, got ${n}.`);
      return def;
    }
    return n;
  }

  bool(name: string, def: boolean): boolean {
    const v = this.raw(name)?.toLowerCase();
    if (v === undefined) return def;
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    this.problems.push(`${name} must be true or false (or on/off, 1/0), got "${v}".`);
    return def;
  }

  /** An IANA time-zone name, checked against the time-zone database Intl has. */
  timeZone(name: string, def: string): string {
    const v = this.raw(name);
    if (v === undefined) return def;
    if (!isTimeZone(v)) {
      this.problems.push(`${name} must be an IANA time-zone name such as Europe/Warsaw, got "${v}".`);
      return def;
    }
    return v;
  }

  oneOf<T extends string>(name: string, def: T, allowed: readonly T[]): T {
    const v = this.raw(name);
    if (v === undefined) return def;
    if (!(allowed as readonly string[]).includes(v)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')}, got "${v}".`);
      return def;
    }
    return v as T;
  }
}

const DB_TYPES: readonly DbType[] = ['sqlite', 'mssql'];

/**
 * The one DB_TYPE rule (loadConfig and db/column-types.ts use it): sqlite unless set; a value other
 * than sqlite or mssql goes into `problems` and reads as sqlite.
 */
export function readDbType(env: Env, problems: string[] = []): DbType {
  return new Reader(env, problems).oneOf('DB_TYPE', 'sqlite', DB_TYPES);
}

const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

/** The longest API key name, in UTF-16 units: runs record it in triggered_by and cancelled_by, nvarchar(100). */
export const API_KEY_NAME_MAX = 100;

/** Parses `name:role:secret,name:role:secret`. */
export function parseApiKeys(value: string | undefined, problems: string[]): ApiKeyConfig[] {
  if (!value || value.trim() === '') return [];
  const keys: ApiKeyConfig[] = [];
  const names = new Set<string>();
  for (const [i, entry] of value.split(',').entries()) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const first = trimmed.indexOf(':');
    const second = first < 0 ? -1 : trimmed.indexOf(':', first + 1);
    if (first <= 0 || second < 0) {
      problems.push(`API_KEYS entry ${i + 1} must look like name:role:secret.`);
      continue;
    }
    const name = trimmed.slice(0, first);
    const role = trimmed.slice(first + 1, second) as Role;
    const secret = trimmed.slice(second + 1);
    if (!ROLES.includes(role)) {
      problems.push(`API_KEYS entry "${name}" has role "${role}"; use viewer, operator or admin.`);
      continue;
    }
    if (secret.length < 16) {
      problems.push(`API_KEYS entry "${name}" has a secret shorter than 16 characters; use a long random secret.`);
      continue;
    }
    if (name.length > API_KEY_NAME_MAX) {
      // Counted in UTF-16 units, as nvarchar counts: the name is written into runs' triggered_by.
      problems.push(`API_KEYS entry "${[...name].slice(0, 20).join('')}…" has a name of ${name.length} characters; use at most ${API_KEY_NAME_MAX} (it is recorded as a run's triggeredBy).`);
      continue;
    }
    if (names.has(name)) {
      problems.push(`API_KEYS names the key "${name}" twice; names must be unique.`);
      continue;
    }
    names.add(name);
    keys.push({ name, role, secret });
  }
  return keys;
}

export function parseSecretKey(value: string | undefined, problems: string[]): Buffer | null {
  if (!value) return null;
  const v = value.trim();
  let key: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(v)) key = Buffer.from(v, 'hex');
  else {
    const b = Buffer.from(v, 'base64');
    if (b.length === 32) key = b;
  }
  if (!key) problems.push('SECRET_KEY must be 32 bytes, written as 64 hex digits or as base64.');
  return key;
}

/** `stdoutIsTty` picks LOG_FORMAT's default: a person at a terminal reads pretty lines, anything else gets JSON. */
export function loadConfig(env: Env = process.env, stdoutIsTty = process.stdout.isTTY === true): AppConfig {
  const r = new Reader(env);
  const nodeEnv = r.oneOf('NODE_ENV', 'development', ['production', 'development', 'test'] as const);
  const production = nodeEnv === 'production';
  const dataDir = path.resolve(r.str('DATA_DIR', './data'));
  const dbType = readDbType(env, r.problems);
  const embedded = dbType === 'sqlite';

  let mssql: MssqlConfig | undefined;
  if (dbType === 'mssql') {
    const why = 'when DB_TYPE=mssql';
    mssql = {
      host: r.required('MSSQL_HOST', why),
      port: r.int('MSSQL_PORT', 1433, 1, 65535),
      database: r.required('MSSQL_DATABASE', why),
      user: r.required('MSSQL_USER', why),
      password: r.required('MSSQL_PASSWORD', why),
      instanceName: r.raw('MSSQL_INSTANCE'),
      encrypt: r.bool('MSSQL_ENCRYPT', true),
      trustServerCertificate: r.bool('MSSQL_TRUST_SERVER_CERTIFICATE', false),
      poolMax: r.int('MSSQL_POOL_MAX', 10, 1, 200),
      poolMin: r.int('MSSQL_POOL_MIN', 0, 0, 200),
      requestTimeoutMs: r.int('MSSQL_REQUEST_TIMEOUT_MS', 30000, 1000, 3600000),
      connectTimeoutMs: r.int('MSSQL_CONNECT_TIMEOUT_MS', 15000, 1000, 600000),
      schema: r.raw('MSSQL_SCHEMA'),
    };
    if (mssql.poolMin > mssql.poolMax) r.problems.push('MSSQL_POOL_MIN must not exceed MSSQL_POOL_MAX.');
  }

  const apiKeys = parseApiKeys(env.API_KEYS, r.problems);
  const secretKey = parseSecretKey(env.SECRET_KEY, r.problems);
  if (!embedded && !secretKey && !r.raw('SECRET_KEY_FILE')) {
    r.problems.push('SECRET_KEY (or SECRET_KEY_FILE) is required when DB_TYPE=mssql, so that shop API keys stay readable across servers.');
  }
  if (production && apiKeys.length === 0) {
    r.problems.push('API_KEYS is required when NODE_ENV=production; without keys the server would answer only loopback.');
  }

  // Production never writes demo products into ISOF's database and never serves a pretend shop,
  // whatever the database: an explicit request for either is refused rather than silently ignored.
  const sandboxEnabled = r.bool('SANDBOX', embedded && !production);
  const seedDemo = r.bool('SEED_DEMO', embedded && !production);
  if (production && seedDemo) r.problems.push('SEED_DEMO=true is refused when NODE_ENV=production: production never seeds demo products into the database. Remove SEED_DEMO, or run with NODE_ENV=development for a demo.');
  if (production && sandboxEnabled) r.problems.push('SANDBOX=on is refused when NODE_ENV=production: production never starts the IdoSell sandbox. Remove SANDBOX, or run with NODE_ENV=development for a demo.');
  // The embedded sandbox's shop lives in the data folder next to the database, so the two stay in
  // step across restarts; tests start with a fresh shop unless they name a file.
  const stateFileText = r.str('SANDBOX_STATE_FILE', nodeEnv === 'test' ? 'off' : path.join(dataDir, 'sandbox-state.json'));

  const config: AppConfig = {
    env: nodeEnv,
    host: r.str('HOST', '0.0.0.0'),
    port: r.int('PORT', 4000, 0, 65535),
    dataDir,
    db: {
      type: dbType,
      sqlitePath: path.resolve(r.str('SQLITE_PATH', path.join(dataDir, 'isof.sqlite'))),
      sqliteSynchronous: r.oneOf('SQLITE_SYNCHRONOUS', 'NORMAL', ['NORMAL', 'FULL'] as const),
      mssql,
      migrationsRun: r.bool('MIGRATIONS_RUN', true),
      logSql: r.bool('LOG_SQL', false),
    },
    seedDemo,
    isofTimeZone: r.timeZone('ISOF_TIMEZONE', 'Europe/Warsaw'),
    apiKeys,
    secretKey,
    secretKeyFile: path.resolve(r.str('SECRET_KEY_FILE', path.join(dataDir, 'secret.key'))),
    graphql: {
      introspection: r.bool('GRAPHQL_INTROSPECTION', !production),
      explorer: r.bool('GRAPHQL_EXPLORER', !production),
      maxDepth: r.int('GRAPHQL_MAX_DEPTH', 10, 2, 100),
      maxCost: r.int('GRAPHQL_MAX_COST', 50000, 10, 10000000),
      maxAliases: r.int('GRAPHQL_MAX_ALIASES', 30, 1, 1000),
      maxPageSize: r.int('GRAPHQL_MAX_PAGE_SIZE', 500, 1, 5000),
      bodyLimit: r.str('BODY_LIMIT', '1mb'),
    },
    corsOrigins: (r.raw('CORS_ORIGINS') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    http: {
      headersTimeoutMs: r.int('HTTP_HEADERS_TIMEOUT_MS', 20000, 100, 3600000),
      requestTimeoutMs: r.int('HTTP_REQUEST_TIMEOUT_MS', 60000, 100, 3600000),
      keepAliveTimeoutMs: r.int('HTTP_KEEP_ALIVE_TIMEOUT_MS', 5000, 100, 3600000),
      maxConnections: r.int('HTTP_MAX_CONNECTIONS', 1000, 1, 1000000),
    },
    logLevel: r.oneOf('LOG_LEVEL', nodeEnv === 'test' ? 'silent' : 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    logFormat: r.oneOf('LOG_FORMAT', stdoutIsTty && !production ? 'pretty' : 'json', ['pretty', 'json'] as const),
    metrics: r.bool('METRICS', true),
    heapGrowingPercent: r.int('HEAP_GROWING_PERCENT', 25, 0, 1000),
    sandbox: {
      enabled: sandboxEnabled,
      port: r.int('SANDBOX_PORT', 4100, 0, 65535),
      apiKey: r.str('SANDBOX_API_KEY', 'sandbox-demo-key-0123456789'),
      stateFile: stateFileText.toLowerCase() === 'off' ? null : path.resolve(stateFileText),
    },
    idosell: {
      connectTimeoutMs: r.int('IDOSELL_CONNECT_TIMEOUT_MS', 10000, 10, 600000),
      requestTimeoutMs: r.int('IDOSELL_REQUEST_TIMEOUT_MS', 60000, 10, 3600000),
      retries: r.int('IDOSELL_RETRIES', 5, 0, 50),
      backoffBaseMs: r.int('IDOSELL_BACKOFF_BASE_MS', 500, 1, 600000),
      backoffMaxMs: r.int('IDOSELL_BACKOFF_MAX_MS', 30000, 1, 3600000),
      retryAfterMaxS: r.int('IDOSELL_RETRY_AFTER_MAX_S', 120, 0, 86400),
      concurrency: r.int('IDOSELL_CONCURRENCY', 4, 1, 64),
      allowPrivateAddresses: r.bool('IDOSELL_ALLOW_PRIVATE_ADDRESSES', sandboxEnabled),
    },
    runs: {
      heartbeatMs: r.int('RUN_HEARTBEAT_MS', 10000, 100, 3600000),
      staleAfterMs: r.int('RUN_STALE_AFTER_MS', 60000, 500, 86400000),
    },
    shutdownGraceMs: r.int('SHUTDOWN_GRACE_MS', 8000, 0, 600000),
    progress: {
      subscriptionPollMs: r.int('SUBSCRIPTION_POLL_MS', 1000, 50, 60000),
      subscriptionsPerConnection: r.int('SUBSCRIPTIONS_PER_CONNECTION', 10, 1, 100),
      logSeconds: r.int('RUN_PROGRESS_LOG_SECONDS', 10, 1, 3600),
    },
    scheduler: { enabled: r.bool('SCHEDULER', true), tickSeconds: r.int('SCHEDULER_TICK_SECONDS', 15, 1, 3600) },
  };
  if (config.sandbox.enabled && !config.idosell.allowPrivateAddresses) {
    r.problems.push('SANDBOX=on registers a demo shop on loopback, which IDOSELL_ALLOW_PRIVATE_ADDRESSES=false forbids; set SANDBOX=off or allow private addresses.');
  }
  if (config.runs.staleAfterMs <= config.runs.heartbeatMs) {
    r.problems.push('RUN_STALE_AFTER_MS must be larger than RUN_HEARTBEAT_MS.');
  }
  if (config.http.headersTimeoutMs > config.http.requestTimeoutMs) {
    r.problems.push('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS (the headers are part of the request).');
  }
  if (r.problems.length) throw new ConfigError(r.problems);
  return config;
}
