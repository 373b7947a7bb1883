/**
 * The sandbox's state file: the embedded sandbox keeps its shop (products, stock, pictures, orders,
 * statuses, client accounts, id counters) across restarts, so that ISOF's export records, which live
 * in the database, and the sandbox stay in step.
 *
 * - Written as JSON, to `<file>.tmp` first and then renamed over the file, so a crash mid-write
 *   leaves the previous state whole (rename is atomic on one file system).
 * - Written after changes, debounced (many calls of a run make one write), and once more on close.
 * - Read at start; a file that is not JSON, not of this format version, or not shaped like a
 *   sandbox state is moved aside (`<file>.corrupt-<time>`) with a warning and the sandbox starts
 *   fresh: a demo that starts is worth more than a demo that refuses to.
 */
import fs from 'node:fs';
import path from 'node:path';
import { clientIdEntries, restoreClientIds, type SandboxState } from './state.js';

/** Bumped when the stored shape changes; a file of another version is set aside, not misread. */
export const STATE_FILE_VERSION = 1;
const FORMAT = 'idosell-sandbox-state';

interface StoredState {
  format: typeof FORMAT;
  version: number;
  savedAt: string;
  state: SandboxState;
  clients: [string, number][];
}

/** Dates travel as ISO text in JSON; these are the only Date fields of the state. */
function reviveDates(state: SandboxState): void {
  for (const p of state.products) {
    p.addedAt = new Date(p.addedAt);
    p.modifiedAt = new Date(p.modifiedAt);
  }
  for (const o of state.orders) {
    o.addDate = new Date(o.addDate);
    o.changeDate = new Date(o.changeDate);
    o.dispatchDate = o.dispatchDate === null ? null : new Date(o.dispatchDate);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Why `data` is not a state file this sandbox can use, or undefined when it is. */
function problemWith(data: unknown): string | undefined {
  if (!isRecord(data) || data.format !== FORMAT) return 'it is not a sandbox state file';
  if (data.version !== STATE_FILE_VERSION) return `it is of format version ${String(data.version)}, this sandbox reads version ${STATE_FILE_VERSION}`;
  const s = data.state;
  if (!isRecord(s) || !isRecord(s.shop) || !Array.isArray(s.products) || !Array.isArray(s.orders) || !Array.isArray(s.paymentForms)) return 'its state lacks the shop, products, orders or payment forms';
  if (!Number.isInteger(s.nextProductId) || !Number.isInteger(s.nextOrderSerialNumber)) return 'its id counters are not whole numbers';
  if (!Array.isArray(data.clients)) return 'it lacks the client accounts';
  return undefined;
}

export type StateLoad =
  | { kind: 'absent' }
  | { kind: 'loaded'; state: SandboxState }
  /** The file was unusable and now lies at `movedTo`; `reason` says why. */
  | { kind: 'setAside'; reason: string; movedTo: string };

export function loadStateFile(file: string, now: Date): StateLoad {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw e;
  }
  let data: unknown;
  let reason: string | undefined;
  try {
    data = JSON.parse(text) as unknown;
    reason = problemWith(data);
  } catch (e) {
    reason = `it is not valid JSON (${e instanceof Error ? e.message : String(e)})`;
  }
  if (reason !== undefined) {
    const movedTo = `${file}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(file, movedTo);
    return { kind: 'setAside', reason, movedTo };
  }
  const stored = data as StoredState;
  reviveDates(stored.state);
  restoreClientIds(stored.state, stored.clients);
  return { kind: 'loaded', state: stored.state };
}

/** Writes the whole state: temporary file, then rename over the old one. */
export async function writeStateFile(file: string, state: SandboxState, now: Date): Promise<void> {
  const stored: StoredState = { format: FORMAT, version: STATE_FILE_VERSION, savedAt: now.toISOString(), state, clients: clientIdEntries(state) };
  const tmp = `${file}.tmp`;
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  await fs.promises.writeFile(tmp, JSON.stringify(stored));
  await fs.promises.rename(tmp, file);
}

export interface StateSaver {
  /** Something changed: write within `delayMs` (changes meanwhile join the same write). */
  changed(): void;
  /** Writes now if anything changed since the last write, and waits for any write in progress. */
  flush(): Promise<void>;
}

/**
 * Debounced writer. Writes never overlap (each waits for the one before), so the file always ends
 * with the latest state; a failed write is reported to `onError` and retried with the next change.
 */
export function createStateSaver(file: string, state: SandboxState, now: () => Date, delayMs: number, onError: (err: unknown) => void): StateSaver {
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const write = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!dirty) return writing;
    dirty = false;
    writing = writing.then(() => writeStateFile(file, state, now())).catch((err: unknown) => {
      dirty = true;
      onError(err);
    });
    return writing;
  };
  return {
    changed() {
      dirty = true;
      // unref: a pending write never keeps a process alive; close() flushes it.
      timer ??= setTimeout(() => void write(), delayMs).unref();
    },
    async flush() {
      await write();
      await writing;
    },
  };
}
