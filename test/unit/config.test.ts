import path from 'node:path';
import { ConfigError, loadConfig, readDbType } from '../../src/config.js';
import { buildDataSourceOptions, mssqlOptions } from '../../src/db/data-source.js';
import { ENTITIES } from '../../src/modules.js';

const MSSQL_ENV = {
  DB_TYPE: 'mssql', MSSQL_HOST: 'sql.local', MSSQL_DATABASE: 'ISOF', MSSQL_USER: 'isof', MSSQL_PASSWORD: 'pw',
  SECRET_KEY: 'a'.repeat(64),
};

describe('config', () => {
  describe('the embedded default needs nothing', () => {
    const c = loadConfig({});

    test('SQLite under ./data, synchronous NORMAL', () => {
      expect(c.db.type).toBe('sqlite');
      expect(c.db.sqlitePath).toMatch(/data[/\\]isof\.sqlite$/);
      expect(c.db.sqliteSynchronous).toBe('NORMAL');
    });

    test('the demo ISOF data and the sandbox shop are on', () => {
      expect(c.seedDemo).toBe(true);
      expect(c.sandbox.enabled).toBe(true);
    });

    test('port 4000 with the default HTTP limits', () => {
      expect(c.port).toBe(4000);
      expect(c.http).toEqual({ headersTimeoutMs: 20000, requestTimeoutMs: 60000, keepAliveTimeoutMs: 5000, maxConnections: 1000 });
    });

    test('introspection and the explorer are on', () => {
      expect(c.graphql.introspection).toBe(true);
      expect(c.graphql.explorer).toBe(true);
    });

    test('no API keys (loopback only)', () => {
      expect(c.apiKeys).toEqual([]);
    });

    test('the heap grows by 25 %', () => {
      expect(c.heapGrowingPercent).toBe(25);
    });
  });

  describe('readDbType, the one DB_TYPE rule (loadConfig and the column types use it)', () => {
    test('sqlite when not set or blank', () => {
      expect(readDbType({})).toBe('sqlite');
      expect(readDbType({ DB_TYPE: '  ' })).toBe('sqlite');
    });

    test('mssql, around spaces', () => {
      expect(readDbType({ DB_TYPE: ' mssql ' })).toBe('mssql');
    });

    test('anything else is a problem and reads as sqlite', () => {
      const problems: string[] = [];
      expect(readDbType({ DB_TYPE: 'oracle' }, problems)).toBe('sqlite');
      expect(problems).toEqual(['DB_TYPE must be one of sqlite, mssql, got "oracle".']);
    });
  });

  test('HTTP limits are read, bounded, and the headers fit in the request time', () => {
    const c = loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '10000', HTTP_REQUEST_TIMEOUT_MS: '120000', HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000', HTTP_MAX_CONNECTIONS: '50' });
    expect(c.http).toEqual({ headersTimeoutMs: 10000, requestTimeoutMs: 120000, keepAliveTimeoutMs: 65000, maxConnections: 50 });
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '30000', HTTP_REQUEST_TIMEOUT_MS: '20000' }))
      .toThrow(/HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS/);
    expect(() => loadConfig({ HTTP_MAX_CONNECTIONS: '0' })).toThrow(/HTTP_MAX_CONNECTIONS must be between 1 and 1000000, got 0/);
    expect(() => loadConfig({ HTTP_KEEP_ALIVE_TIMEOUT_MS: 'soon' })).toThrow(/HTTP_KEEP_ALIVE_TIMEOUT_MS must be a whole number/);
    expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT_MS: '50' })).toThrow(/HTTP_REQUEST_TIMEOUT_MS must be between 100 and 3600000/);
  });

  test('bad values are all reported at once, naming the variable', () => {
    try {
      loadConfig({ PORT: 'abc', DB_TYPE: 'oracle', API_KEYS: 'x:boss:short', GRAPHQL_MAX_DEPTH: '1', SQLITE_SYNCHRONOUS: 'OFF' });
      throw new Error('should have failed');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const text = (err as Error).message;
      expect(text).toContain('PORT must be a whole number');
      expect(text).toContain('DB_TYPE must be one of sqlite, mssql');
      expect(text).toContain('role "boss"');
      expect(text).toContain('GRAPHQL_MAX_DEPTH');
      expect(text).toContain('SQLITE_SYNCHRONOUS must be one of NORMAL, FULL');
    }
  });

  test('mssql needs its settings and a SECRET_KEY', () => {
    expect(() => loadConfig({ DB_TYPE: 'mssql' })).toThrow(/MSSQL_HOST is required.*\n.*MSSQL_DATABASE/s);
    expect(() => loadConfig({ ...MSSQL_ENV, SECRET_KEY: undefined })).toThrow(/SECRET_KEY/);
  });

  test('production needs API keys and turns the explorer and introspection off', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/API_KEYS is required/);
    const c = loadConfig({ NODE_ENV: 'production', API_KEYS: 'a:viewer:0123456789abcdef0123' });
    expect(c.graphql.introspection).toBe(false);
    expect(c.graphql.explorer).toBe(false);
    expect(c.apiKeys).toEqual([{ name: 'a', role: 'viewer', secret: '0123456789abcdef0123' }]);
  });

  test('IDOSELL_ALLOW_PRIVATE_ADDRESSES follows the embedded sandbox unless set, and is validated', () => {
    expect(loadConfig({}).idosell.allowPrivateAddresses).toBe(true);
    expect(loadConfig({ SANDBOX: 'off' }).idosell.allowPrivateAddresses).toBe(false);
    expect(loadConfig(MSSQL_ENV).idosell.allowPrivateAddresses).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', API_KEYS: 'a:viewer:0123456789abcdef0123' }).idosell.allowPrivateAddresses).toBe(false);
    expect(loadConfig({ ...MSSQL_ENV, IDOSELL_ALLOW_PRIVATE_ADDRESSES: 'true' }).idosell.allowPrivateAddresses).toBe(true);
    expect(loadConfig({ SANDBOX: 'off', IDOSELL_ALLOW_PRIVATE_ADDRESSES: 'off' }).idosell.allowPrivateAddresses).toBe(false);
    expect(() => loadConfig({ IDOSELL_ALLOW_PRIVATE_ADDRESSES: 'maybe', SANDBOX: 'off' })).toThrow(/IDOSELL_ALLOW_PRIVATE_ADDRESSES must be true or false/);
    // The sandbox's demo shop is on loopback: the two settings must agree.
    expect(() => loadConfig({ SANDBOX: 'on', IDOSELL_ALLOW_PRIVATE_ADDRESSES: 'false' })).toThrow(/SANDBOX=on registers a demo shop on loopback/);
  });

  test('production never seeds demo data nor starts the sandbox: off by default on any database, an explicit request refused', () => {
    const prod = { NODE_ENV: 'production', API_KEYS: 'a:viewer:0123456789abcdef0123' };
    for (const env of [prod, { ...prod, ...MSSQL_ENV }]) {
      const c = loadConfig(env);
      expect(c.seedDemo).toBe(false);
      expect(c.sandbox.enabled).toBe(false);
    }
    expect(() => loadConfig({ ...prod, SEED_DEMO: 'true' })).toThrow(/SEED_DEMO=true is refused when NODE_ENV=production/);
    expect(() => loadConfig({ ...prod, SANDBOX: 'on' })).toThrow(/SANDBOX=on is refused when NODE_ENV=production/);
    expect(() => loadConfig({ ...prod, ...MSSQL_ENV, SEED_DEMO: 'on' })).toThrow(/SEED_DEMO=true is refused/);
    expect(loadConfig({ ...prod, SEED_DEMO: 'false', SANDBOX: 'off' }).seedDemo).toBe(false);
    // Outside production the embedded default still seeds and starts the sandbox.
    expect(loadConfig({}).seedDemo).toBe(true);
    expect(loadConfig({}).sandbox.enabled).toBe(true);
  });

  test('SANDBOX_STATE_FILE: the data folder by default, off in tests unless set, a path resolved', () => {
    expect(loadConfig({ DATA_DIR: '/srv/isof' }).sandbox.stateFile).toBe(path.resolve('/srv/isof/sandbox-state.json'));
    expect(loadConfig({ NODE_ENV: 'test' }).sandbox.stateFile).toBeNull();
    expect(loadConfig({ NODE_ENV: 'test', SANDBOX_STATE_FILE: 'shop.json' }).sandbox.stateFile).toBe(path.resolve('shop.json'));
    expect(loadConfig({ SANDBOX_STATE_FILE: 'off' }).sandbox.stateFile).toBeNull();
    expect(loadConfig({ SANDBOX_STATE_FILE: 'OFF' }).sandbox.stateFile).toBeNull();
  });

  test('SHUTDOWN_GRACE_MS: 8000 by default, a whole number of milliseconds from 0 to 600000', () => {
    expect(loadConfig({}).shutdownGraceMs).toBe(8000);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '1500' }).shutdownGraceMs).toBe(1500);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '0' }).shutdownGraceMs).toBe(0);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '600001' })).toThrow(/SHUTDOWN_GRACE_MS/);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '-1' })).toThrow(/SHUTDOWN_GRACE_MS/);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '8s' })).toThrow(/SHUTDOWN_GRACE_MS must be a whole number/);
  });

  test('live progress: SUBSCRIPTION_POLL_MS 1000, SUBSCRIPTIONS_PER_CONNECTION 10, RUN_PROGRESS_LOG_SECONDS 10 by default; bounded', () => {
    expect(loadConfig({}).progress).toEqual({ subscriptionPollMs: 1000, subscriptionsPerConnection: 10, logSeconds: 10 });
    expect(loadConfig({ SUBSCRIPTION_POLL_MS: '250', SUBSCRIPTIONS_PER_CONNECTION: '3', RUN_PROGRESS_LOG_SECONDS: '60' }).progress)
      .toEqual({ subscriptionPollMs: 250, subscriptionsPerConnection: 3, logSeconds: 60 });
    expect(() => loadConfig({ SUBSCRIPTION_POLL_MS: '10' })).toThrow(/SUBSCRIPTION_POLL_MS must be between 50 and 60000/);
    expect(() => loadConfig({ SUBSCRIPTIONS_PER_CONNECTION: '0' })).toThrow(/SUBSCRIPTIONS_PER_CONNECTION must be between 1 and 100/);
    expect(() => loadConfig({ RUN_PROGRESS_LOG_SECONDS: 'often' })).toThrow(/RUN_PROGRESS_LOG_SECONDS must be a whole number/);
  });

  test('SCHEDULER: on by default, on/off; SCHEDULER_TICK_SECONDS: 15 by default, a whole number of seconds from 1 to 3600', () => {
    expect(loadConfig({}).scheduler).toEqual({ enabled: true, tickSeconds: 15 });
    expect(loadConfig({ SCHEDULER: 'off', SCHEDULER_TICK_SECONDS: '30' }).scheduler).toEqual({ enabled: false, tickSeconds: 30 });
    expect(loadConfig({ SCHEDULER: 'on' }).scheduler.enabled).toBe(true);
    expect(() => loadConfig({ SCHEDULER: 'sometimes' })).toThrow(/SCHEDULER must be true or false/);
    expect(() => loadConfig({ SCHEDULER_TICK_SECONDS: '0' })).toThrow(/SCHEDULER_TICK_SECONDS must be between 1 and 3600/);
    expect(() => loadConfig({ SCHEDULER_TICK_SECONDS: '3601' })).toThrow(/SCHEDULER_TICK_SECONDS/);
    expect(() => loadConfig({ SCHEDULER_TICK_SECONDS: '15s' })).toThrow(/SCHEDULER_TICK_SECONDS must be a whole number/);
  });

  test('ISOF_TIMEZONE: Europe/Warsaw by default, any IANA name Intl knows, anything else refused by name', () => {
    expect(loadConfig({}).isofTimeZone).toBe('Europe/Warsaw');
    expect(loadConfig({ ISOF_TIMEZONE: 'Europe/Berlin' }).isofTimeZone).toBe('Europe/Berlin');
    expect(loadConfig({ ISOF_TIMEZONE: 'UTC' }).isofTimeZone).toBe('UTC');
    expect(() => loadConfig({ ISOF_TIMEZONE: 'Europe/Warszawa' })).toThrow(/ISOF_TIMEZONE must be an IANA time-zone name such as Europe\/Warsaw, got "Europe\/Warszawa"/);
    expect(() => loadConfig({ ISOF_TIMEZONE: 'CET+1' })).toThrow(/ISOF_TIMEZONE/);
  });

  test('an API key name longer than 100 UTF-16 units (what triggered_by, nvarchar(100), holds) is a config problem naming the key', () => {
    const secret = '0123456789abcdef0123';
    expect(loadConfig({ API_KEYS: `${'a'.repeat(100)}:viewer:${secret}` }).apiKeys[0]!.name).toHaveLength(100);
    expect(() => loadConfig({ API_KEYS: `${'a'.repeat(101)}:viewer:${secret}` }))
      .toThrow(/API_KEYS entry "a{20}…" has a name of 101 characters; use at most 100/);
    // 50 emoji are 100 units and fit; 51 are 102 units, as nvarchar counts them.
    expect(loadConfig({ API_KEYS: `${'😀'.repeat(50)}:viewer:${secret}` }).apiKeys).toHaveLength(1);
    expect(() => loadConfig({ API_KEYS: `${'😀'.repeat(51)}:viewer:${secret}` })).toThrow(/has a name of 102 characters; use at most 100/);
  });

  test('secrets may contain colons', () => {
    const c = loadConfig({ API_KEYS: 'isof:operator:abc:def:0123456789abcdef' });
    expect(c.apiKeys[0]).toEqual({ name: 'isof', role: 'operator', secret: 'abc:def:0123456789abcdef' });
  });
});

describe('SQL Server options (built here, not run: there is no SQL Server on this machine)', () => {
  const o = mssqlOptions(loadConfig({
    ...MSSQL_ENV, MSSQL_REQUEST_TIMEOUT_MS: '45000', MSSQL_POOL_MAX: '20', MSSQL_TRUST_SERVER_CERTIFICATE: 'true',
  }).db.mssql!) as any;

  test('connects to the configured server, database and user', () => {
    expect(o).toMatchObject({ type: 'mssql', host: 'sql.local', port: 1433, database: 'ISOF', username: 'isof' });
  });

  test('requestTimeout at the top level, where the driver reads it (not inside options)', () => {
    expect(o.requestTimeout).toBe(45000);
    expect(o.options.requestTimeout).toBeUndefined();
  });

  test('datetimes in UTC', () => {
    expect(o.options.useUTC).toBe(true);
  });

  test('encrypted, trusting the certificate only when told', () => {
    expect(o.options.encrypt).toBe(true);
    expect(o.options.trustServerCertificate).toBe(true);
  });

  test('READ COMMITTED, said explicitly', () => {
    expect(o.options.isolationLevel).toBe('READ COMMITTED');
  });

  test('the pool size from MSSQL_POOL_MAX', () => {
    expect(o.pool.max).toBe(20);
  });

  test('a named instance drops the port; the data source never synchronizes', () => {
    const c = loadConfig({ ...MSSQL_ENV, MSSQL_INSTANCE: 'SQLEXPRESS' });
    const o = buildDataSourceOptions(c, ENTITIES) as any;
    expect(o.port).toBeUndefined();
    expect(o.options.instanceName).toBe('SQLEXPRESS');
    expect(o.synchronize).toBe(false);
    expect(o.migrationsRun).toBe(false);
    expect(o.migrations.length).toBeGreaterThan(0);
  });
});

describe('LOG_FORMAT and METRICS', () => {
  const PROD = { NODE_ENV: 'production', API_KEYS: 'a:viewer:0123456789abcdef0123', SANDBOX: 'off', SEED_DEMO: 'false' };

  test('LOG_FORMAT: pretty at a terminal outside production, JSON otherwise; an explicit value wins', () => {
    expect(loadConfig({}, true).logFormat).toBe('pretty');
    expect(loadConfig({}, false).logFormat).toBe('json');
    expect(loadConfig(PROD, true).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'json' }, true).logFormat).toBe('json');
    expect(loadConfig({ ...PROD, LOG_FORMAT: 'pretty' }, false).logFormat).toBe('pretty');
    expect(() => loadConfig({ LOG_FORMAT: 'text' })).toThrow(/LOG_FORMAT must be one of pretty, json, got "text"/);
  });

  test('METRICS: on unless off', () => {
    expect(loadConfig({}).metrics).toBe(true);
    expect(loadConfig(PROD).metrics).toBe(true);
    expect(loadConfig({ METRICS: 'off' }).metrics).toBe(false);
    expect(() => loadConfig({ METRICS: 'sometimes' })).toThrow(/METRICS must be true or false \(or on\/off, 1\/0\), got "sometimes"/);
  });
});
