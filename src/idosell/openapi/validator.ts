/**
 * Strict validation of IdoSell Admin API v6 requests and responses against IdoSell's published
 * OpenAPI document (vendored beside this file, see README.md).
 *
 * The published schemas name every property but mark none as required and never forbid extra
 * properties, while the real API silently ignores a field it does not know. This validator adds
 * the strictness: at every depth, a property the schema does not name is a violation, and so is
 * a wrong JSON type, a value outside an enum, and a violated min/max bound.
 *
 * It is a small walker of the schema subset the document uses (type, properties, items, enum,
 * nullable, minimum/maximum, minItems/maxItems, minLength/maxLength, $ref) rather than a compiled
 * Ajv schema: it needs no transformed copy of 3.5 MB of schemas, and it names the failing field as
 * `params.products[0].productVat`, the way a person reads a request.
 *
 * Relaxations, each with its reason:
 * - `format` (float, decimal, date) is not checked: IdoSell uses it as documentation only
 *   (`number` with `format: float` carries any JSON number).
 * - A `$ref` that points at nothing (21 paths of the published document refer to
 *   `#/components/schemas/...` entries that the document does not contain, e.g. /cpa/cpa,
 *   /snippets/*, /subscriptions/*) accepts any value: there is no schema to check against. None of
 *   the operations the middleware calls uses `$ref`.
 * - An `object` schema that names no properties at all accepts any properties (a free-form map).
 * - Responses only: where the schema declares an object, an empty array `[]` is accepted, because
 *   IdoSell's PHP back end serialises empty objects as `[]` (documented quirk).
 * - Responses only: statuses the document gives no body schema for (401, 403, 404, 422, 429, 500)
 *   are not checked; their body is IdoSell's `{ "errors": { "faultCode", "faultString" } }`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Violation {
  /** Where the problem is, e.g. "params.products[0].productVat" or "query.productIds[2]". */
  path: string;
  message: string;
}

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  $ref?: string;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const SCHEMA_FILE = 'idosell-admin-api-v6.openapi.json';
/** Stop collecting after this many violations: one broken array of 100 items says enough. */
const MAX_VIOLATIONS = 50;

let cachedDocument: OpenApiDocument | undefined;

/** Where the schema file is: beside this module (sources), else in the source folder (dist/). */
export function schemaFilePath(): string {
  const beside = fileURLToPath(new URL(`./${SCHEMA_FILE}`, import.meta.url));
  if (fs.existsSync(beside)) return beside;
  let dir = path.dirname(beside);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      const inSources = path.join(dir, 'src', 'idosell', 'openapi', SCHEMA_FILE);
      if (fs.existsSync(inSources)) return inSources;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(
    `The IdoSell schema file ${SCHEMA_FILE} was found neither beside ${beside} nor in <project root>/src/idosell/openapi/. ` +
      'Run from a checkout of the project, or copy the file next to the compiled validator.',
  );
}

function loadDocument(): OpenApiDocument {
  if (!cachedDocument) {
    cachedDocument = JSON.parse(fs.readFileSync(schemaFilePath(), 'utf8')) as OpenApiDocument;
  }
  return cachedDocument;
}

function normalisePath(apiPath: string): string {
  let p = apiPath.split('?')[0] ?? '';
  if (!p.startsWith('/')) p = `/${p}`;
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

function findOperation(method: string, apiPath: string): Operation | undefined {
  const item = loadDocument().paths[normalisePath(apiPath)];
  return item?.[method.toLowerCase()];
}

export function operationExists(method: string, apiPath: string): boolean {
  return findOperation(method, apiPath) !== undefined;
}

function jsonSchemaOf(entry: { content?: Record<string, { schema?: Schema }> } | undefined): Schema | undefined {
  return entry?.content?.['application/json']?.schema;
}

interface Walk {
  mode: 'request' | 'response';
  out: Violation[];
}

function join(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  return `a${typeof value === 'object' ? 'n object' : ` ${typeof value}`}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true/false)',
  object: 'an object',
  array: 'an array',
};

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}

function suggestion(key: string, known: string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(key, k);
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  }
  if (best !== undefined && bestDistance <= Math.max(2, Math.floor(key.length / 4))) return ` Did you mean "${best}"?`;
  if (known.length <= 12) return ` Fields allowed here: ${known.join(', ')}.`;
  return '';
}

function resolve(schema: Schema): Schema | undefined {
  if (!schema.$ref) return schema;
  const prefix = '#/components/schemas/';
  if (!schema.$ref.startsWith(prefix)) return undefined;
  return loadDocument().components?.schemas?.[schema.$ref.slice(prefix.length)];
}

function typeMatches(type: string, value: unknown, mode: Walk['mode']): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      if (mode === 'response' && Array.isArray(value) && value.length === 0) return true;
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return true;
  }
}

function walk(rawSchema: Schema, value: unknown, at: string, w: Walk): void {
  if (w.out.length >= MAX_VIOLATIONS) return;
  const schema = resolve(rawSchema);
  if (!schema) return; // dangling $ref: nothing to check against (see the header)
  const where = at || 'the body';

  if (value === null) {
    if (!schema.nullable) w.out.push({ path: at, message: `${where} is null, but IdoSell expects ${TYPE_NAMES[schema.type ?? ''] ?? 'a value'} here.` });
    return;
  }
  if (value === undefined) return;

  if (schema.type && !typeMatches(schema.type, value, w.mode)) {
    w.out.push({ path: at, message: `${where} must be ${TYPE_NAMES[schema.type] ?? schema.type}, not ${describe(value)}.` });
    return;
  }

  if (schema.enum && !schema.enum.includes(value)) {
    const allowed = schema.enum.map((v) => JSON.stringify(v)).join(', ');
    w.out.push({ path: at, message: `${where} is ${describe(value)}, which is not one of the values IdoSell accepts: ${allowed}.` });
    return;
  }

  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) w.out.push({ path: at, message: `${where} must be at least ${schema.minimum}, not ${value}.` });
    if (schema.maximum !== undefined && value > schema.maximum) w.out.push({ path: at, message: `${where} must be at most ${schema.maximum}, not ${value}.` });
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) w.out.push({ path: at, message: `${where} must have at least ${schema.minLength} characters.` });
    if (schema.maxLength !== undefined && value.length > schema.maxLength) w.out.push({ path: at, message: `${where} must have at most ${schema.maxLength} characters, not ${value.length}.` });
  }

  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) w.out.push({ path: at, message: `${where} must list at least ${schema.minItems} item(s).` });
    if (schema.maxItems !== undefined && value.length > schema.maxItems) w.out.push({ path: at, message: `${where} may list at most ${schema.maxItems} items, not ${value.length}.` });
    if (schema.items) value.forEach((item, i) => walk(schema.items as Schema, item, `${at}[${i}]`, w));
    return;
  }

  if (typeof value === 'object' && schema.properties) {
    const known = Object.keys(schema.properties);
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const childSchema = schema.properties[key];
      if (!childSchema) {
        w.out.push({ path: join(at, key), message: `${join(at, key)} is not a field IdoSell's schema names here; the real API would silently ignore it.${suggestion(key, known)}` });
        if (w.out.length >= MAX_VIOLATIONS) return;
        continue;
      }
      walk(childSchema, child, join(at, key), w);
    }
  }
}

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Turns one query-string text into the JSON value its declared type means, or reports why not. */
function coerceQueryValue(schema: Schema, text: string, at: string, out: Violation[]): unknown {
  const s = resolve(schema) ?? {};
  switch (s.type) {
    case 'integer':
      if (!INTEGER.test(text)) {
        out.push({ path: at, message: `${at} must be an integer, not ${JSON.stringify(text)}.` });
        return undefined;
      }
      return Number(text);
    case 'number':
      if (!NUMBER.test(text)) {
        out.push({ path: at, message: `${at} must be a number, not ${JSON.stringify(text)}.` });
        return undefined;
      }
      return Number(text);
    case 'boolean':
      if (text !== 'true' && text !== 'false') {
        out.push({ path: at, message: `${at} must be true or false, not ${JSON.stringify(text)}.` });
        return undefined;
      }
      return text === 'true';
    case 'object':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        out.push({ path: at, message: `${at} must be a JSON object, not ${JSON.stringify(text)}.` });
        return undefined;
      }
    default:
      return text;
  }
}

function validateQuery(op: Operation, query: Record<string, string>, out: Violation[]): void {
  const declared = new Map((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p]));
  for (const [name, text] of Object.entries(query)) {
    const at = `query.${name}`;
    const param = declared.get(name);
    if (!param) {
      out.push({ path: at, message: `${at} is not a query parameter of this IdoSell operation; the real API would silently ignore it.${suggestion(name, [...declared.keys()])}` });
      continue;
    }
    const schema = param.schema ?? {};
    if (schema.type === 'array') {
      const parts = text === '' ? [] : text.split(',');
      const values = parts.map((part, i) => coerceQueryValue(schema.items ?? {}, part, `${at}[${i}]`, out));
      if (values.every((v) => v !== undefined)) walk(schema, values, at, { mode: 'request', out });
    } else {
      const v = coerceQueryValue(schema, text, at, out);
      if (v !== undefined) walk(schema, v, at, { mode: 'request', out });
    }
  }
  for (const param of declared.values()) {
    if (param.required && !(param.name in query)) {
      out.push({ path: `query.${param.name}`, message: `query.${param.name} is required by this IdoSell operation.` });
    }
  }
}

/**
 * Checks a request the way the sandbox and the connector's tests need: query parameter names and
 * types, and the JSON body, strictly. `apiPath` is the path after `/api/admin/v6`.
 * Returns an empty list when the request is valid.
 */
export function validateRequest(
  method: HttpMethod,
  apiPath: string,
  req: { query?: Record<string, string>; body?: unknown },
): Violation[] {
  const op = findOperation(method, apiPath);
  if (!op) {
    return [{ path: '', message: `IdoSell Admin API v6 has no operation ${method} ${normalisePath(apiPath)}. Check the method and the path (after /api/admin/v6).` }];
  }
  const out: Violation[] = [];
  validateQuery(op, req.query ?? {}, out);
  const bodySchema = jsonSchemaOf(op.requestBody);
  if (bodySchema) {
    if (req.body === undefined) {
      out.push({ path: '', message: `${method} ${normalisePath(apiPath)} needs a JSON body of the form {"params": {...}}.` });
    } else {
      walk(bodySchema, req.body, '', { mode: 'request', out });
    }
  } else if (req.body !== undefined) {
    out.push({ path: '', message: `${method} ${normalisePath(apiPath)} takes no body; send its parameters in the query string.` });
  }
  return out.slice(0, MAX_VIOLATIONS);
}

/**
 * Checks an answer against the response schema IdoSell declares for that status: declared
 * property types, enum values and unknown properties (with the response-only relaxations in the
 * header). A status without a declared body schema gives no violations.
 */
export function validateResponse(method: string, apiPath: string, status: number, body: unknown): Violation[] {
  const op = findOperation(method, apiPath);
  if (!op) {
    return [{ path: '', message: `IdoSell Admin API v6 has no operation ${method.toUpperCase()} ${normalisePath(apiPath)}.` }];
  }
  const schema = jsonSchemaOf(op.responses?.[String(status)]);
  if (!schema) return [];
  const out: Violation[] = [];
  walk(schema, body, '', { mode: 'response', out });
  return out;
}
