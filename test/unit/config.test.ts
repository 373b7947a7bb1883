import { ConfigError, loadConfig } from '../../src/config.js';
import { buildDataSourceOptions, mssqlOptions } from '../../src/db/data-source.js';
import { ENTITIES } from '../../src/modules.js';

const MSSQL_ENV = {
  DB_TYPE: 'mssql', MSSQL_HOST: 'sql.local', MSSQL_DATABASE: 'ISOF', MSSQL_USER: 'isof', MSSQL_PASSWORD: 'pw',
  SECRET_KEY: 'a'.repeat(64),
};

describe('config', () => {
  test('the embedded default needs nothing', () => {
    const c = loadConfig({});
    expect(c.db.type).toBe('sqlite');
    expect(c.db.sqlitePath).toMatch(/data[/\\]isof\.sqlite$/);
    expect(c.port).toBe(4000);
    expect(c.seedDemo).toBe(true);
    expect(c.sandbox.enabled).toBe(true);
    expect(c.graphql.introspection).toBe(true);
    expect(c.graphql.explorer).toBe(true);
    expect(c.apiKeys).toEqual([]);
    expect(c.heapGrowingPercent).toBe(25);
    expect(c.db.sqliteSynchronous).toBe('NORMAL');
    expect(c.http).toEqual({ headersTimeoutMs: 20000, requestTimeoutMs: 60000, keepAliveTimeoutMs: 5000, maxConnections: 1000 });
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

  test('SHUTDOWN_GRACE_MS: 8000 by default, a whole number of milliseconds from 0 to 600000', () => {
    expect(loadConfig({}).shutdownGraceMs).toBe(8000);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '1500' }).shutdownGraceMs).toBe(1500);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '0' }).shutdownGraceMs).toBe(0);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '600001' })).toThrow(/SHUTDOWN_GRACE_MS/);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '-1' })).toThrow(/SHUTDOWN_GRACE_MS/);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '8s' })).toThrow(/SHUTDOWN_GRACE_MS must be a whole number/);
  });

  test('secrets may contain colons', () => {
    const c = loadConfig({ API_KEYS: 'isof:operator:abc:def:0123456789abcdef' });
    expect(c.apiKeys[0]).toEqual({ name: 'isof', role: 'operator', secret: 'abc:def:0123456789abcdef' });
  });
});

describe('SQL Server options (built here, not run: there is no SQL Server on this machine)', () => {
  test('requestTimeout at the top level, UTC, encryption, pool', () => {
    const c = loadConfig({ ...MSSQL_ENV, MSSQL_REQUEST_TIMEOUT_MS: '45000', MSSQL_POOL_MAX: '20', MSSQL_TRUST_SERVER_CERTIFICATE: 'true' });
    const o = mssqlOptions(c.db.mssql!) as any;
    expect(o.type).toBe('mssql');
    expect(o.host).toBe('sql.local');
    expect(o.port).toBe(1433);
    expect(o.database).toBe('ISOF');
    expect(o.username).toBe('isof');
    expect(o.requestTimeout).toBe(45000);
    expect(o.options.requestTimeout).toBeUndefined();
    expect(o.options.useUTC).toBe(true);
    expect(o.options.encrypt).toBe(true);
    expect(o.options.trustServerCertificate).toBe(true);
    expect(o.options.isolationLevel).toBe('READ COMMITTED');
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
