/**
 * The settings every test app starts with (test/helpers/app.ts, and the SQL Server render app in
 * mssql-app.ts); each caller adds its database and its own overrides. No import of src/ here: the
 * render app must set DB_TYPE before the product's modules load.
 */
import crypto from 'node:crypto';

export function testAppEnv(): Record<string, string> {
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    SANDBOX: 'off',
    SANDBOX_PORT: '0',
    SECRET_KEY: crypto.randomBytes(32).toString('hex'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    IDOSELL_BACKOFF_BASE_MS: '5',
    IDOSELL_BACKOFF_MAX_MS: '50',
    // Tests talk to a sandbox on loopback; the tests of the private-address rule set it to false.
    IDOSELL_ALLOW_PRIVATE_ADDRESSES: 'true',
    // fetch reuses idle connections; on a loaded machine a request can meet the server closing one after
    // the 5 s default (ECONNRESET). Tests of the keep-alive timeout set their own.
    HTTP_KEEP_ALIVE_TIMEOUT_MS: '60000',
    // A tick would add a statement to the N+1 tests' counts at random; the schedule tests tick by hand or turn it on.
    SCHEDULER: 'off',
  };
}

/**
 * The environment of a built server started as a child process (shutdown and log-format tests):
 * development mode on loopback, an ephemeral port, no sandbox, a fresh secret (the demo seed as the
 * server's default); `env` adds or overrides.
 */
export function childServerEnv(dataDir: string, env: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    SANDBOX: 'off',
    SECRET_KEY: crypto.randomBytes(32).toString('hex'),
    LOG_LEVEL: 'info',
    ...env,
  };
}
