/**
 * A local stand-in of IdoSell's Admin API v6 (the operations the middleware uses), in memory,
 * over real HTTP. It behaves like the real API on the same paths, with the same field names,
 * status codes and quirks, and it is louder than the real one: every request is validated
 * strictly against IdoSell's published schema (a field the schema does not name answers 422
 * naming it; the real API would ignore it), and every answer is checked against the response
 * schema (a mismatch answers 500, "sandbox bug", so a test notices).
 *
 * - Base URL: `<sandbox.url>` = `http://127.0.0.1:PORT/api/admin/v6`; auth header `X-API-KEY`.
 * - Errors answer `{ "errors": { "faultCode", "faultString" } }` and carry the same sentence in
 *   the `X-Error` header, sent the way IdoSell sends it: the UTF-8 bytes of the text written as
 *   Latin-1 header bytes, so a client that reads the header naively (as Latin-1, like node and
 *   undici do) sees "Brak uprawnieÅ„"; the connector's `decodeXError` turns it back.
 * - Keys carry scopes "<module>:r" or "<module>:rw" for the modules products, orders, payments,
 *   system; GET and search operations need r, the others rw. 401 without a valid key, 403 naming
 *   the missing scope.
 * - Fault knobs (`SandboxFaults`, random shares drawn from a seeded PRNG) and scripted faults
 *   (`ScriptedFault`, the next N matching calls) simulate a flaky shop: latency, 429 with
 *   Retry-After, 500/503, connections reset without an answer, calls that never answer, and
 *   per-item faults in batches (answered 207).
 * - Admin routes (no key needed): GET/PUT `/__sandbox/faults` (PUT takes a partial SandboxFaults,
 *   optionally with `script: ScriptedFault[]`, which replaces the script), GET/DELETE
 *   `/__sandbox/calls`, GET `/__sandbox/state`, POST `/__sandbox/orders` (a NewSandboxOrder).
 * - `calls` records every API call in arrival order, also faulted ones: `path` is the API path
 *   after /api/admin/v6, `status` is 0 for a reset connection or a call left hanging.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { operationExists, validateRequest, validateResponse } from '../idosell/openapi/validator.js';
import { errorBody, MAX_ITEMS, RequestRefused, type ItemFault } from './handlers.js';
import { OPERATIONS, type OperationDef } from './operations.js';
import { seededRandom, type Random } from '../common/prng.js';
import { addOrderTo, fillDemoContent, initialState, type NewSandboxOrder, type SandboxOrder, type SandboxState } from './state.js';
import { checkFaults, checkScript, DEFAULT_FAULTS, type SandboxFaults, type Scripted, type ScriptedFault } from './faults.js';
import { encodeJson, hasScope, readBody, sendJson, writeAnswer } from './http.js';
import { handleAdmin } from './admin.js';
import { createStateSaver, loadStateFile } from './persist.js';

export { encodeXError } from './http.js';

export type { NewSandboxOrder, SandboxOrder, SandboxState } from './state.js';
export type { SandboxFaults, ScriptedFault } from './faults.js';

export interface SandboxKey {
  key: string;
  /** e.g. ['products:rw', 'orders:rw', 'payments:r', 'system:r'] */
  scopes: string[];
}

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A key with every scope. Default DEFAULT_API_KEY when neither apiKey nor keys is given. */
  apiKey?: string;
  keys?: SandboxKey[];
  /** Demo payment forms and orders (see state.ts). Default false: an empty shop. */
  demo?: boolean;
  faults?: Partial<SandboxFaults>;
  /** The sandbox's clock (order dates, demo content). Default: the real clock. */
  now?: () => Date;
  /** Check every answer against IdoSell's response schema (default true). */
  validateResponses?: boolean;
  /**
   * Check every request against IdoSell's schema and answer 422 on a violation (default true).
   * Only the benchmarks turn it off, so that the stand-in's own checking does not count as the
   * shop's latency; the test suite proves the requests separately.
   */
  validateRequests?: boolean;
  /**
   * Keep each call's parsed body in `calls` (default true; tests read what was sent). The
   * benchmarks turn it off: a mass export's bodies would pile up in the stand-in's heap.
   */
  recordBodies?: boolean;
  /**
   * Keep the shop's state in this JSON file (persist.ts): loaded at start (then `demo` adds nothing:
   * the file holds it), written after changes and on close. Default none: an in-memory shop that a
   * restart forgets (tests, benchmarks).
   */
  stateFile?: string;
  /** How long after a change the state file is written (default 1000 ms; changes meanwhile join). */
  saveDelayMs?: number;
  /** Told about a state file set aside or a failed write (default: console.warn). */
  onWarning?: (message: string) => void;
}

export interface SandboxCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  at: number;
  itemCount?: number;
}

export interface Sandbox {
  /** e.g. http://127.0.0.1:PORT/api/admin/v6 (what a shop's apiUrl is). */
  url: string;
  port: number;
  /** Every call received, in order (incl. faulted ones). */
  calls: SandboxCall[];
  resetCalls(): void;
  /** The current fault knobs. */
  readonly faults: SandboxFaults;
  setFaults(f: Partial<SandboxFaults>): void;
  /** Appends scripted faults. */
  script(...faults: ScriptedFault[]): void;
  clearScript(): void;
  /** Products, stock, images, orders, payment forms: readable and mutable by tests. */
  state: SandboxState;
  /** Adds an order (lines, payment form, status...) and returns it. */
  addOrder(o: NewSandboxOrder): SandboxOrder;
  /** Writes the state file now (no-op without `stateFile`); close() does too. */
  saveState(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_API_KEY = 'sandbox-demo-key-0123456789';
export const ALL_SCOPES = ['products:rw', 'orders:rw', 'payments:rw', 'system:rw'];
export const API_PREFIX = '/api/admin/v6';
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const now = opts.now ?? (() => new Date());
  const keys: SandboxKey[] = [...(opts.keys ?? [])];
  if (opts.apiKey !== undefined || keys.length === 0) keys.push({ key: opts.apiKey ?? DEFAULT_API_KEY, scopes: ALL_SCOPES });
  const validateAnswers = opts.validateResponses ?? true;
  const validateQuestions = opts.validateRequests ?? true;
  const recordBodies = opts.recordBodies ?? true;
  const warn = opts.onWarning ?? ((m: string) => console.warn(m));
  const loaded = opts.stateFile ? loadStateFile(opts.stateFile, now()) : { kind: 'absent' as const };
  if (loaded.kind === 'setAside') {
    warn(`The sandbox state file ${opts.stateFile} could not be used (${loaded.reason}); it was moved to ${loaded.movedTo} and the sandbox starts fresh${opts.demo ? ' with the demo content' : ''}.`);
  }
  const state = loaded.kind === 'loaded' ? loaded.state : initialState();
  if (loaded.kind !== 'loaded' && opts.demo) fillDemoContent(state, now());
  const stateFile = opts.stateFile;
  const saver = stateFile
    ? createStateSaver(stateFile, state, now, opts.saveDelayMs ?? 1000, (err) => warn(`The sandbox could not write its state file ${stateFile}: ${err instanceof Error ? err.message : String(err)}; it tries again after the next change.`))
    : undefined;

  let faults: SandboxFaults = { ...DEFAULT_FAULTS, ...checkFaults({ ...opts.faults }) };
  let random: Random = seededRandom(faults.seed);
  let script: Scripted[] = [];
  const calls: SandboxCall[] = [];
  const hanging = new Set<http.ServerResponse>();

  const setFaults = (f: Partial<SandboxFaults>): void => {
    const checked = checkFaults({ ...f });
    faults = { ...faults, ...checked };
    if (checked.seed !== undefined) random = seededRandom(checked.seed);
  };
  const addScript = (...list: ScriptedFault[]): void => {
    for (const f of checkScript(list)) script.push({ ...f, left: f.times ?? 1 });
  };
  const replaceScript = (list: ScriptedFault[]): void => {
    script = [];
    addScript(...list);
  };
  const takeScripted = (method: string, apiPath: string): Scripted | undefined => {
    const hit = script.find((s) => s.left > 0 && (!s.method || s.method.toUpperCase() === method) && (!s.path || s.path === apiPath));
    if (hit) {
      hit.left -= 1;
      script = script.filter((s) => s.left > 0);
    }
    return hit;
  };

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const apiPath = url.pathname.slice(API_PREFIX.length) || '/';
    const query = Object.fromEntries(url.searchParams.entries());
    const call: SandboxCall = { method, path: apiPath, query, body: undefined, status: 0, at: Date.now() };
    calls.push(call);
    // The latency runs from the call's arrival to its answer, and the sandbox's own work happens
    // within it, as a shop's does on its servers: a call is answered latencyMs after it arrived
    // (later only when the work itself took longer).
    const arrived = performance.now();
    const latencyMs = faults.latencyMs;
    const afterLatency = (fn: () => void): void => {
      const left = latencyMs - (performance.now() - arrived);
      if (left > 0) setTimeout(fn, left);
      else fn();
    };
    const answer = (status: number, body: unknown, headers?: Record<string, string>): void => {
      call.status = status;
      const encoded = encodeJson(status, body, headers);
      afterLatency(() => writeAnswer(res, encoded));
    };

    let text: string;
    try {
      text = await readBody(req);
    } catch (e) {
      const status = e instanceof RequestRefused ? e.status : 400;
      answer(status, errorBody(status, e instanceof Error ? e.message : String(e)));
      return;
    }
    let body: unknown;
    let bodyError: string | undefined;
    if (text.length > 0) {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = text;
        bodyError = 'The request body is not valid JSON; send {"params": {...}} with Content-Type application/json.';
      }
    }
    if (recordBodies) call.body = body;

    const scripted = takeScripted(method, apiPath);
    let kind: ScriptedFault['kind'] | undefined = scripted?.kind;
    if (!scripted) {
      const r = random();
      const hang = faults.resetRate + faults.hangRate;
      const tooMany = hang + faults.rate429;
      if (r < faults.resetRate) kind = 'reset';
      else if (r < hang) kind = 'hang';
      else if (r < tooMany) kind = '429';
      else if (r < tooMany + faults.rate5xx) kind = faults.status5xx === 500 ? '500' : '503';
    }
    switch (kind) {
      case 'reset':
        afterLatency(() => req.socket.resetAndDestroy());
        return;
      case 'hang':
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      case '429':
        answer(429, errorBody(429, 'Zbyt wiele zapytań: odczekaj i ponów (too many requests; retry after the time in Retry-After).'), {
          'Retry-After': String(scripted?.retryAfterS ?? faults.retryAfterS),
        });
        return;
      case '500':
      case '503':
        answer(Number(kind), errorBody(Number(kind), `Błąd serwera sklepu (the shop answered ${kind}); try again later.`));
        return;
      default:
        break;
    }

    const op: OperationDef | undefined = OPERATIONS[`${method} ${apiPath}`];
    if (!op) {
      if (operationExists(method, apiPath)) {
        answer(501, errorBody(501, `The sandbox does not implement ${method} ${apiPath}; it implements ${Object.keys(OPERATIONS).join(', ')}.`));
      } else {
        answer(404, errorBody(404, `IdoSell Admin API v6 has no operation ${method} ${apiPath}.`));
      }
      return;
    }

    const keyText = req.headers['x-api-key'];
    const key = typeof keyText === 'string' ? keys.find((k) => k.key === keyText) : undefined;
    if (!key) {
      const message =
        typeof keyText === 'string' && keyText.length > 0
          ? 'Nieprawidłowy klucz API (the X-API-KEY is not valid for this shop; check the key in the shop settings).'
          : 'Brak klucza API (send the shop API key in the X-API-KEY header).';
      answer(401, errorBody(401, message));
      return;
    }
    if (!hasScope(key.scopes, op.scope, op.access)) {
      const need = `${op.scope}:${op.access === 'r' ? 'r' : 'rw'}`;
      answer(
        403,
        errorBody(403, `Brak uprawnień: klucz API nie ma uprawnienia ${need} (the API key lacks the ${op.scope} ${op.access === 'r' ? 'read' : 'write'} permission "${need}"; grant it in the shop's API key settings).`),
      );
      return;
    }

    if (bodyError) {
      answer(422, errorBody(422, bodyError));
      return;
    }
    const isWrite = method === 'POST' || method === 'PUT';
    if (isWrite && (body === null || typeof body !== 'object' || Array.isArray(body) || typeof (body as Record<string, unknown>).params !== 'object' || Array.isArray((body as Record<string, unknown>).params) || (body as Record<string, unknown>).params === null)) {
      answer(422, errorBody(422, `${method} ${apiPath} takes a JSON body of the form {"params": {...}}.`));
      return;
    }
    const violations = validateQuestions ? validateRequest(method as 'GET' | 'POST' | 'PUT' | 'DELETE', apiPath, { query, body: isWrite ? body : undefined }) : [];
    if (violations.length > 0) {
      const shown = violations.slice(0, 5).map((v) => v.message);
      const more = violations.length > 5 ? ` (and ${violations.length - 5} more problems)` : '';
      answer(422, errorBody(422, `${shown.join(' ')}${more}`));
      return;
    }
    const params = isWrite ? ((body as { params: Record<string, unknown> }).params) : {};
    if (op.items) {
      const { path, list } = op.items(params);
      if (Array.isArray(list)) {
        call.itemCount = list.length;
        if (list.length > MAX_ITEMS) {
          answer(422, errorBody(422, `${path} lists ${list.length} items; IdoSell accepts at most ${MAX_ITEMS} in one call, so split the batch.`));
          return;
        }
      }
    }
    const randomItemFaults = op.items !== undefined && !(method === 'PUT' && apiPath === '/products/images');
    const itemFault = (index: number): ItemFault | undefined => {
      if (scripted?.kind === 'itemFault') {
        if (!(scripted.itemIndexes ?? [0]).includes(index)) return undefined;
        return { faultCode: scripted.faultCode ?? 1, faultString: scripted.faultString ?? 'Sklep odrzucił tę pozycję (the shop refused this item: injected by the sandbox script); retry it.' };
      }
      if (randomItemFaults && faults.itemFaultRate > 0 && random() < faults.itemFaultRate) {
        return { faultCode: 1, faultString: 'Sklep odrzucił tę pozycję (the shop refused this item: injected by the sandbox fault rate); retry it.' };
      }
      return undefined;
    };

    let result: { status: number; body: unknown };
    try {
      result = op.handle({ state, now, itemFault }, query, params);
      // Reads (GET, and the POST searches) change nothing; a write marks the state for saving.
      if (op.access === 'w') saver?.changed();
    } catch (e) {
      if (e instanceof RequestRefused) {
        answer(e.status, errorBody(e.status, e.message));
        return;
      }
      answer(500, errorBody(500, `Sandbox bug while answering ${method} ${apiPath}: ${e instanceof Error ? e.message : String(e)}`));
      return;
    }
    if (validateAnswers) {
      const problems = validateResponse(method, apiPath, result.status, result.body);
      if (problems.length > 0) {
        answer(500, errorBody(500, `Sandbox bug: its ${result.status} answer to ${method} ${apiPath} does not match IdoSell's response schema: ${problems.slice(0, 3).map((p) => p.message).join(' ')}`));
        return;
      }
    }
    answer(result.status, result.body);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const admin = url.pathname.startsWith('/__sandbox/');
    if (admin && req.method !== 'GET') saver?.changed();
    const work = admin
      ? handleAdmin({ state, calls, now, control: () => ({ faults, script }), setFaults, replaceScript }, req, res, url)
      : url.pathname.startsWith(`${API_PREFIX}/`)
        ? handleApi(req, res, url)
        : Promise.resolve(sendJson(res, 404, errorBody(404, `The sandbox serves IdoSell's Admin API under ${API_PREFIX}/...; ${url.pathname} is not there.`)));
    work.catch((e: unknown) => sendJson(res, 500, errorBody(500, `Sandbox bug: ${e instanceof Error ? e.message : String(e)}`)));
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}${API_PREFIX}`,
    port,
    calls,
    resetCalls: () => {
      calls.length = 0;
    },
    get faults() {
      return { ...faults };
    },
    setFaults,
    script: addScript,
    clearScript: () => {
      script = [];
    },
    state,
    addOrder: (o) => {
      const order = addOrderTo(state, o, now());
      saver?.changed();
      return order;
    },
    saveState: async () => {
      saver?.changed();
      await saver?.flush();
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      hanging.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Tests may have changed `state` directly, unseen by the saver: the last write takes it all.
      saver?.changed();
      await saver?.flush();
    },
  };
}
