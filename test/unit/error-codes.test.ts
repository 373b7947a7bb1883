/**
 * The errors list (issue 14 point 4): API_ERROR_CODES (common/errors.ts) is every `extensions.code` the
 * server answers with. The README's "Errors" table is that list, row for row; a code the source gives
 * an error (a GraphQLError's extensions, a DomainError, the HTTP edge's answers) that the list lacks
 * fails here, and so does a code in the list that nothing can answer any more.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { API_ERROR_CODES } from '../../src/common/errors.js';

const ROOT = process.cwd();

/**
 * Source the scan leaves out: the sandbox is a stand-in for IdoSell (its codes are IdoSell's), the
 * connector's codes are item codes (item-codes.test.ts checks those), the seed writes demo data.
 */
const SKIP = ['src/sandbox/', 'src/seed/', 'src/common/item-codes.ts'];

/** The ways the source gives an error its code. */
const PATTERNS = [
  // extensions: { code: 'X' }, a BodyRefusal's code: 'X'
  /\bcode:\s*'([A-Z][A-Z0-9_]+)'/g,
  // new DomainError('X', ...), limitError('X', ...), gqlError(res, 403, 'X', ...)
  /\b\w*Error\(\s*(?:\w+,\s*\d+,\s*)?'([A-Z][A-Z0-9_]+)'/g,
  // a DomainError subclass: super('X', ...)
  /\bsuper\(\s*'([A-Z][A-Z0-9_]+)'/g,
];

/**
 * The connector (src/idosell/) names item codes in `code:` fields and error kinds in its errors'
 * first argument (every error it raises is an IdosellError, an UpstreamError: UPSTREAM_ERROR, the
 * kind in extensions.idosell). There only a DomainError built directly would add a code.
 */
const CONNECTOR = 'src/idosell/';
const CONNECTOR_PATTERN = /\bnew DomainError\(\s*'([A-Z][A-Z0-9_]+)'/g;

export function codesIn(text: string): string[] {
  const found = new Set<string>();
  for (const pattern of PATTERNS) for (const m of text.matchAll(pattern)) found.add(m[1]!);
  return [...found];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

/** Each code the source gives an error, with the files that do. */
function scanSource(): Map<string, string[]> {
  const where = new Map<string, string[]>();
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    if (SKIP.some((s) => rel.startsWith(s))) continue;
    const text = readFileSync(file, 'utf8');
    const codes = rel.startsWith(CONNECTOR) ? [...text.matchAll(CONNECTOR_PATTERN)].map((m) => m[1]!) : codesIn(text);
    for (const code of codes) where.set(code, [...(where.get(code) ?? []), rel]);
  }
  return where;
}

/**
 * Codes only Apollo Server answers (checked against the running server in test/e2e/error-codes.test.ts),
 * and INTERNAL_SERVER_ERROR / BAD_USER_INPUT, which our code gives too.
 */
const APOLLO_ONLY = ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'OPERATION_RESOLUTION_FAILURE', 'PERSISTED_QUERY_NOT_FOUND'];

/** The README's "Errors" table: code, HTTP status, sentence. */
function readmeRows(): { code: string; http: string; action: string }[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Errors\n');
  expect(start).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^\| `([A-Z0-9_]+)` \| (.+?) \| (.+) \|$/gm)].map((m) => ({ code: m[1]!, http: m[2]!, action: m[3]! }));
}

describe('the scan itself', () => {
  test('finds a code however the source gives it', () => {
    expect(codesIn(`throw new GraphQLError('No.', { extensions: { code: 'BRAND_NEW' } });`)).toEqual(['BRAND_NEW']);
    expect(codesIn(`throw new DomainError('ANOTHER_ONE',\n  'sentence');`)).toEqual(['ANOTHER_ONE']);
    expect(codesIn(`gqlError(res, 429, 'SLOW_DOWN', 'Wait.');`)).toEqual(['SLOW_DOWN']);
    expect(codesIn(`return limitError(\n      'TOO_WIDE',\n      'text')`)).toEqual(['TOO_WIDE']);
    expect(codesIn(`super('GONE', message);`)).toEqual(['GONE']);
    expect(codesIn(`if (e.code === 'SQLITE_CONSTRAINT_UNIQUE') return true; new Error('Lowercase text')`)).toEqual([]);
  });

  test('finds the codes of the domain errors, the limits and the HTTP edge in src/', () => {
    const found = [...scanSource().keys()];
    for (const code of ['NOT_FOUND', 'CONFLICT', 'ISOF_SCHEMA_PROBLEM', 'SHUTTING_DOWN', 'QUERY_TOO_DEEP', 'UNSUPPORTED_MEDIA_TYPE', 'UNAUTHENTICATED', 'INTERNAL_SERVER_ERROR']) {
      expect(found).toContain(code);
    }
  });
});

describe('API_ERROR_CODES', () => {
  test('every code the source gives an error is in the list', () => {
    const missing = [...scanSource()].filter(([code]) => !(code in API_ERROR_CODES)).map(([code, files]) => `${code} (${files.join(', ')})`);
    expect(missing).toEqual([]);
  });

  test('every code in the list is still answered by something (the source or Apollo Server)', () => {
    const answered = new Set([...scanSource().keys(), ...APOLLO_ONLY]);
    expect(Object.keys(API_ERROR_CODES).filter((code) => !answered.has(code))).toEqual([]);
  });

  test('the README "Errors" table is the list, row for row', () => {
    const expected = Object.entries(API_ERROR_CODES).map(([code, d]) => ({ code, http: d.http, action: d.action }));
    expect(readmeRows()).toEqual(expected);
  });
});
