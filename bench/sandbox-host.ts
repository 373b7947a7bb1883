/**
 * The IdoSell sandbox the benchmark talks to: in this process (the smoke test) or in a child process
 * (the CLI), so that the sandbox's own memory — it holds every product the export creates — does
 * not count in the middleware's peak RSS. Both expose the same small surface.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { startSandbox, type NewSandboxOrder, type Sandbox } from '../src/sandbox/server.js';

export interface CallSummary {
  method: string;
  path: string;
  status: number;
  itemCount?: number;
}

export interface SandboxHost {
  url: string;
  apiKey: string;
  calls(): Promise<CallSummary[]>;
  resetCalls(): Promise<void>;
  /** Adds the orders and returns their serial numbers. */
  addOrders(orders: NewSandboxOrder[]): Promise<number[]>;
  close(): Promise<void>;
}

export interface SandboxHostOptions {
  apiKey: string;
  latencyMs: number;
  inProcess: boolean;
}

/** What the child understands (see sandbox-child.ts). */
export type ChildRequest =
  | { id: number; cmd: 'calls' }
  | { id: number; cmd: 'resetCalls' }
  | { id: number; cmd: 'addOrders'; orders: SerializedOrder[] }
  | { id: number; cmd: 'close' };
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
export type ChildReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };
export type SerializedOrder = Omit<NewSandboxOrder, 'addDate' | 'changeDate'> & { addDate?: string; changeDate?: string };

export function summarize(s: Sandbox): CallSummary[] {
  return s.calls.map((c) => ({ method: c.method, path: c.path, status: c.status, itemCount: c.itemCount }));
}

export function serializeOrder(o: NewSandboxOrder): SerializedOrder {
  return { ...o, addDate: o.addDate?.toISOString(), changeDate: o.changeDate?.toISOString() };
}

export function deserializeOrder(o: SerializedOrder): NewSandboxOrder {
  return { ...o, addDate: o.addDate ? new Date(o.addDate) : undefined, changeDate: o.changeDate ? new Date(o.changeDate) : undefined };
}

export async function startSandboxHost(opts: SandboxHostOptions): Promise<SandboxHost> {
  if (opts.inProcess) {
    const s = await startSandbox({ port: 0, apiKey: opts.apiKey, demo: true, validateRequests: false, validateResponses: false, recordBodies: false, faults: { latencyMs: opts.latencyMs } });
    return {
      url: s.url,
      apiKey: opts.apiKey,
      calls: async () => summarize(s),
      resetCalls: async () => s.resetCalls(),
      addOrders: async (orders) => orders.map((o) => s.addOrder(o).orderSerialNumber),
      close: () => s.close(),
    };
  }
  return startChildSandbox(opts);
}

async function startChildSandbox(opts: SandboxHostOptions): Promise<SandboxHost> {
  const entry = new URL('./sandbox-child.js', import.meta.url);
  const child: ChildProcess = fork(entry, [], {
    env: { ...process.env, BENCH_SANDBOX_KEY: opts.apiKey, BENCH_SANDBOX_LATENCY_MS: String(opts.latencyMs) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let exited = false;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`The benchmark's sandbox process stopped before it was ready (exit code ${code}); run it again, and look above for its error.`)));
    child.once('error', reject);
  });
  child.on('message', (m) => {
    const reply = m as ChildReply;
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.value);
    else p.reject(new Error(reply.message));
  });
  child.on('exit', () => {
    exited = true;
    for (const p of pending.values()) p.reject(new Error('The benchmark\'s sandbox process stopped in the middle of a request; look above for its error.'));
    pending.clear();
  });
  let next = 1;
  const ask = <T>(req: WithoutId<ChildRequest>): Promise<T> => new Promise<T>((resolve, reject) => {
    if (exited) return reject(new Error('The benchmark\'s sandbox process is no longer running; look above for its error.'));
    const id = next++;
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    child.send({ ...req, id });
  });
  return {
    url,
    apiKey: opts.apiKey,
    calls: () => ask<CallSummary[]>({ cmd: 'calls' }),
    resetCalls: () => ask<void>({ cmd: 'resetCalls' }),
    addOrders: async (orders) => {
      const serials: number[] = [];
      for (let i = 0; i < orders.length; i += 500) {
        serials.push(...await ask<number[]>({ cmd: 'addOrders', orders: orders.slice(i, i + 500).map(serializeOrder) }));
      }
      return serials;
    },
    close: async () => {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await ask<void>({ cmd: 'close' }).catch(() => undefined);
      await gone;
    },
  };
}
