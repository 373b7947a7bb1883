/** The sandbox in its own process (forked by sandbox-host.ts): answers the parent's requests over IPC. */
import { startSandbox } from '../src/sandbox/server.js';
import { deserializeOrder, summarize, type ChildReply, type ChildRequest } from './sandbox-host.js';

const apiKey = process.env.BENCH_SANDBOX_KEY;
if (!apiKey || !process.send) {
  console.error('sandbox-child is started by the benchmark (npm run bench), not by hand.');
  process.exit(2);
}
const sandbox = await startSandbox({ port: 0, apiKey, demo: true, validateRequests: false, validateResponses: false, recordBodies: false, faults: { latencyMs: Number(process.env.BENCH_SANDBOX_LATENCY_MS ?? 0) } });
process.send({ url: sandbox.url });
process.on('disconnect', () => void sandbox.close().finally(() => process.exit(0)));
process.on('message', async (m) => {
  const req = m as ChildRequest;
  const reply = (r: ChildReply) => process.send!(r);
  try {
    switch (req.cmd) {
      case 'calls': return reply({ id: req.id, ok: true, value: summarize(sandbox) });
      case 'resetCalls': sandbox.resetCalls(); return reply({ id: req.id, ok: true, value: null });
      case 'addOrders': return reply({ id: req.id, ok: true, value: req.orders.map((o) => sandbox.addOrder(deserializeOrder(o)).orderSerialNumber) });
      case 'close':
        await sandbox.close();
        reply({ id: req.id, ok: true, value: null });
        process.disconnect();
        return;
    }
  } catch (err) {
    reply({ id: req.id, ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
