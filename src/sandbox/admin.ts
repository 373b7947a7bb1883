/**
 * The sandbox's admin routes (no key needed): GET/PUT /__sandbox/faults, GET/DELETE /__sandbox/calls,
 * GET /__sandbox/state, POST /__sandbox/orders. Tests and `npm run sandbox` users steer it with them.
 */
import type http from 'node:http';
import { errorBody } from './handlers.js';
import { checkFaults, checkScript, type SandboxFaults, type Scripted, type ScriptedFault } from './faults.js';
import { readBody, sendJson } from './http.js';
import { addOrderTo, type NewSandboxOrder, type SandboxState } from './state.js';
import type { SandboxCall } from './server.js';

/** What the admin routes read and change of a running sandbox. */
export interface AdminContext {
  state: SandboxState;
  calls: SandboxCall[];
  now: () => Date;
  control: () => { faults: SandboxFaults; script: Scripted[] };
  setFaults: (f: Partial<SandboxFaults>) => void;
  replaceScript: (list: ScriptedFault[]) => void;
}

export async function handleAdmin(ctx: AdminContext, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const route = `${method} ${url.pathname}`;
  let body: unknown;
  try {
    const text = await readBody(req);
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    sendJson(res, 400, errorBody(400, 'The admin request body is not valid JSON.'));
    return;
  }
  try {
    switch (route) {
      case 'GET /__sandbox/faults':
        sendJson(res, 200, ctx.control());
        return;
      case 'PUT /__sandbox/faults': {
        const { script: newScript, ...knobs } = (body ?? {}) as Record<string, unknown>;
        const checkedScript = newScript === undefined ? undefined : checkScript(newScript);
        ctx.setFaults(checkFaults(knobs));
        if (checkedScript) ctx.replaceScript(checkedScript);
        sendJson(res, 200, ctx.control());
        return;
      }
      case 'GET /__sandbox/calls':
        sendJson(res, 200, ctx.calls);
        return;
      case 'DELETE /__sandbox/calls':
        ctx.calls.length = 0;
        sendJson(res, 200, { calls: 0 });
        return;
      case 'GET /__sandbox/state':
        sendJson(res, 200, ctx.state);
        return;
      case 'POST /__sandbox/orders': {
        const o = (body ?? {}) as NewSandboxOrder & { addDate?: string | Date; changeDate?: string | Date };
        if (!Array.isArray(o.lines)) throw new Error('An order needs "lines": [{ "productCode": "TOW-00001", ... }].');
        const order = addOrderTo(ctx.state, { ...o, addDate: o.addDate ? new Date(o.addDate) : undefined, changeDate: o.changeDate ? new Date(o.changeDate) : undefined }, ctx.now());
        sendJson(res, 201, order);
        return;
      }
      default:
        sendJson(res, 404, errorBody(404, `The sandbox has no admin route ${route}; it has GET/PUT /__sandbox/faults, GET/DELETE /__sandbox/calls, GET /__sandbox/state, POST /__sandbox/orders.`));
    }
  } catch (e) {
    sendJson(res, 400, errorBody(400, e instanceof Error ? e.message : String(e)));
  }
}
