/** `npm start`: the server, on the embedded default unless configured otherwise (see README). */
import { ConfigError, loadConfig } from './config.js';
import { startApp } from './app.js';
import { createLogger } from './common/logger.js';

const SHUTDOWN_GRACE_MS = 8000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const app = await startApp(config, { logger });
  const lines = [
    '',
    `  ISOF <-> IdoSell middleware is up (${config.db.type === 'sqlite' ? `embedded SQLite at ${config.db.sqlitePath}` : `SQL Server ${config.db.mssql!.host}/${config.db.mssql!.database}`}).`,
    `  GraphQL:   ${app.graphqlUrl}`,
    config.graphql.explorer ? `  Explorer:  open ${app.graphqlUrl} in a browser` : '  Explorer:  off (GRAPHQL_EXPLORER=false)',
    `  Health:    ${app.url}/healthz  ${app.url}/readyz`,
    app.sandbox ? `  Sandbox:   IdoSell stand-in at ${app.sandbox.url} (demo shop registered; SANDBOX=off to disable)` : '',
    config.apiKeys.length
      ? `  Access:    ${config.apiKeys.length} API key(s) from API_KEYS; send "Authorization: Bearer <secret>".`
      : '  Access:    no API_KEYS set: answering only requests from this machine (loopback), as admin.',
    '',
  ].filter((l) => l !== '');
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Runs get a few seconds to finish; the rest are marked INTERRUPTED and resume on the next run.
    await app.close(SHUTDOWN_GRACE_MS);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error('The server could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
