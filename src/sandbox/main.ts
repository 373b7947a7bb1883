/**
 * `npm run sandbox`: the local IdoSell sandbox with demo content, for trying the middleware by hand.
 * Environment: SANDBOX_PORT (4100), SANDBOX_HOST (127.0.0.1), SANDBOX_API_KEY
 * (sandbox-demo-key-0123456789), fault knobs SANDBOX_LATENCY_MS, SANDBOX_RATE_429,
 * SANDBOX_RETRY_AFTER_S, SANDBOX_RATE_5XX, SANDBOX_STATUS_5XX, SANDBOX_ITEM_FAULT_RATE,
 * SANDBOX_RESET_RATE, SANDBOX_HANG_RATE, SANDBOX_SEED; SANDBOX_STATE_FILE (none: the shop lives in
 * memory and a restart starts it afresh; a path: kept there across restarts, see persist.ts).
 */
import path from 'node:path';
import { DEFAULT_API_KEY, startSandbox, type SandboxFaults } from './server.js';

const FAULT_ENV: [string, keyof SandboxFaults][] = [
  ['SANDBOX_LATENCY_MS', 'latencyMs'],
  ['SANDBOX_RATE_429', 'rate429'],
  ['SANDBOX_RETRY_AFTER_S', 'retryAfterS'],
  ['SANDBOX_RATE_5XX', 'rate5xx'],
  ['SANDBOX_STATUS_5XX', 'status5xx'],
  ['SANDBOX_ITEM_FAULT_RATE', 'itemFaultRate'],
  ['SANDBOX_RESET_RATE', 'resetRate'],
  ['SANDBOX_HANG_RATE', 'hangRate'],
  ['SANDBOX_SEED', 'seed'],
];

function readEnv(): { port: number; host: string; apiKey: string; faults: Partial<SandboxFaults>; stateFile?: string } {
  const portText = process.env.SANDBOX_PORT ?? '4100';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`SANDBOX_PORT is "${portText}"; give a port number from 0 to 65535.`);
  const faults: Record<string, number> = {};
  for (const [name, knob] of FAULT_ENV) {
    const text = process.env[name];
    if (text === undefined || text === '') continue;
    const value = Number(text);
    if (!Number.isFinite(value)) throw new Error(`${name} is "${text}"; give a number.`);
    faults[knob] = value;
  }
  const stateText = process.env.SANDBOX_STATE_FILE?.trim();
  const stateFile = stateText && stateText.toLowerCase() !== 'off' ? path.resolve(stateText) : undefined;
  return { port, host: process.env.SANDBOX_HOST ?? '127.0.0.1', apiKey: process.env.SANDBOX_API_KEY ?? DEFAULT_API_KEY, faults, stateFile };
}

try {
  const env = readEnv();
  const sandbox = await startSandbox({ port: env.port, host: env.host, apiKey: env.apiKey, demo: true, faults: env.faults, stateFile: env.stateFile });
  console.log(`IdoSell sandbox listening: apiUrl ${sandbox.url}`);
  console.log(`API key (X-API-KEY): ${env.apiKey}`);
  console.log(`Shop: ${sandbox.state.orders.length} orders, ${sandbox.state.paymentForms.length} payment forms, ${sandbox.state.products.length} products.`);
  console.log(env.stateFile ? `State file: ${env.stateFile} (kept across restarts; delete it to start afresh)` : 'State: in memory only (set SANDBOX_STATE_FILE to keep it across restarts)');
  console.log(`Fault knobs: ${JSON.stringify(sandbox.faults)} (change them with PUT ${sandbox.url.replace(/\/api\/admin\/v6$/, '')}/__sandbox/faults)`);
  const stop = (): void => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  console.error(`The sandbox did not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
