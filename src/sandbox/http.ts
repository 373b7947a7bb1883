/** The sandbox's HTTP pieces: reading a body, writing a JSON answer the way IdoSell does (X-Error too). */
import type http from 'node:http';
import { RequestRefused } from './handlers.js';

export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The header value IdoSell sends for a text: its UTF-8 bytes as Latin-1 characters. */
export function encodeXError(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

export function hasScope(scopes: string[], module: string, access: 'r' | 'w'): boolean {
  return scopes.some((s) => {
    const [m, a] = s.split(':');
    if (m !== module || !a) return false;
    return access === 'r' ? a.includes('r') : a.includes('w');
  });
}

export async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_BODY_BYTES) throw new RequestRefused(`The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB; send fewer items per call.`, 413);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface Answer {
  status: number;
  headers: Record<string, string | number>;
  payload: Buffer;
}

/** An answer serialized at once (later changes to the state cannot leak into it), written by `writeAnswer`. */
export function encodeJson(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  // A Buffer, not a string: node writes the head together with a string body in the body's
  // encoding (UTF-8), which would encode the Latin-1 X-Error value a second time.
  const payload = Buffer.from(body === undefined ? '' : JSON.stringify(body), 'utf8');
  const fault = (body as { errors?: { faultString?: unknown } } | undefined)?.errors?.faultString;
  const all: Record<string, string | number> = { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': payload.length, ...headers };
  if (status >= 400 && typeof fault === 'string') all['X-Error'] = encodeXError(fault);
  return { status, headers: all, payload };
}

export function writeAnswer(res: http.ServerResponse, a: Answer): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(a.status, a.headers);
  res.end(a.payload);
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  writeAnswer(res, encodeJson(status, body, headers));
}
