/** `npm start`: the server, on the embedded default unless configured otherwise (see README). */
import { ConfigError, loadConfig } from './config.js';
import { startApp } from './app.js';
import { createLogger } from './common/logger.js';

/** Beyond the grace time, what closing GraphQL, the sandbox and the database may take before the guard exits. */
const CLOSE_MARGIN_MS = 2000;

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
  const logger = createLogger(config.logLevel, undefined, config.logFormat);
  const app = await startApp(config, { logger });
  // One shutdown path (Apollo's own signal handlers are off): the first SIGTERM/SIGINT stops the
  // server cleanly (see app.close), a second one exits at once. Installed before the banner says the
  // server is up, so a signal sent as soon as it is read is ours.
  const graceMs = config.shutdownGraceMs;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting at once; running runs are marked INTERRUPTED at the next start');
      process.exit(code);
    }
    stopping = true;
    logger.info({ signal, graceMs }, 'shutting down: no new requests or runs; running runs stop sending and close INTERRUPTED (send the signal again to exit at once)');
    // A safety net only: a clean shutdown ends well before it.
    setTimeout(() => {
      logger.error({ graceMs, marginMs: CLOSE_MARGIN_MS }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, graceMs + CLOSE_MARGIN_MS).unref();
    app.close(graceMs).then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
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

}

main().catch((err) => {
  console.error('The server could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
