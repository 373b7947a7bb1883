/**
 * The SQL Server render test: the real server (migrations, services, GraphQL, a run against the
 * sandbox on loopback) on TypeORM's SQL Server driver with the recording mssql stand-in. Every
 * statement must pass the checks (test/helpers/mssql-checks.ts), and the distinct statements must
 * match the committed snapshot, so that any change to the SQL is seen in review.
 * `UPDATE_MSSQL_SNAPSHOT=1 npm run jest -- test/mssql` rewrites the snapshot.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startMssqlRenderApp, type MssqlRenderApp } from '../helpers/mssql-app.js';
import { checkStatements, snapshotOf } from '../helpers/mssql-checks.js';

const SNAPSHOT = path.resolve('test/fixtures/mssql-statements.sql');
const OPERATOR = 'operator-secret-0123456789abcdef';
const ADMIN = 'admin-secret-0123456789abcdef';
let r: MssqlRenderApp;

async function ok(query: string, variables?: Record<string, unknown>, key = ADMIN) {
  const res = await r.gql(query, variables, key);
  expect(res.errors).toBeUndefined();
  return res.data;
}

beforeAll(async () => {
  // Shops and runs are read back after they are written: the recorder keeps their rows.
  r = await startMssqlRenderApp({ SANDBOX: 'on', API_KEYS: `isof:operator:${OPERATOR},boss:admin:${ADMIN}` }, ['idosell_shops', 'idosell_sync_runs']);
  const shops = await ok(`{ shops { id name } }`);
  const shopId = shops.shops[0].id;
  await ok(`{ products(first: 5, filter: { search: "x_%" }) { totalCount edges { node { id } } } }`);
  await ok(`{ orders(first: 5, filter: { from: "2026-01-01T00:00:00.000Z", to: "2026-01-31T23:59:59.999Z" }) { totalCount edges { node { id } } } }`);
  await ok(`{ syncRuns(first: 5) { totalCount } priceTypes { id } warehouses { id } paymentMethods { id } }`);
  await ok(`query($id: ID!) { shop(id: $id) { id name } }`, { id: shopId });
  await r.gql(`mutation($id: ID!) { setStatusMapping(input: { shopId: $id, isofStatus: "Nowe", idosellStatus: "new" }) { id } }`, { id: shopId }, ADMIN);
  // The run starts (run row, run lock) whatever the recorded answers let it do next.
  await r.gql(`mutation($id: ID!) { exportProducts(input: { shopId: $id, wait: true }) { id status } }`, { id: shopId }, OPERATOR);
  await r.gql(`mutation($id: ID!) { syncStock(input: { shopId: $id, wait: true }) { id status } }`, { id: shopId }, OPERATOR);
});
afterAll(async () => {
  await r?.app.close();
});

test('the migrations ran on the SQL Server driver (ISOF tables found, so not created: see the checks)', () => {
  const sql = r.recorder.statements.map((s) => s.sql);
  expect(sql.some((s) => /^CREATE TABLE "idosell_sync_runs"/.test(s))).toBe(true);
  expect(sql.some((s) => /^INSERT INTO .*"idosell_migrations"/.test(s))).toBe(true);
});

test('transactions are READ COMMITTED: named by the services, the connection default for the migrations', () => {
  expect(r.recorder.transactions).toContain('READ_COMMITTED');
  expect(r.recorder.transactions.every((t) => t === 'READ_COMMITTED' || t === undefined)).toBe(true);
  const options = r.recorder.poolConfig!.options as { connectionIsolationLevel?: number; isolationLevel?: number };
  expect(options.isolationLevel).toBe(2);
});

test('the run lock is taken through the SQL Server driver', () => {
  expect(r.recorder.statements.some((s) => /^INSERT INTO "idosell_sync_locks"/.test(s.sql))).toBe(true);
});

test('the orders filter binds its dates as datetime2', () => {
  const filter = r.recorder.statements.find((s) => /FROM "ZAMOWIENIA" "o" WHERE "o"\."DATA" >= @0/.test(s.sql));
  expect(filter?.params.map((p) => p.declared)).toEqual(['datetime2 (7)', 'datetime2 (7)']);
});

test('no statement breaks a SQL Server rule', () => {
  expect(checkStatements(r.recorder.statements, r.isofTables)).toEqual([]);
});

test('the distinct statements match the committed snapshot', () => {
  const now = snapshotOf(r.recorder.statements);
  if (process.env.UPDATE_MSSQL_SNAPSHOT === '1') fs.writeFileSync(SNAPSHOT, now);
  const committed = fs.existsSync(SNAPSHOT) ? fs.readFileSync(SNAPSHOT, 'utf8') : '';
  // Line by line, so that a failure shows which statements appeared or went away.
  const before = new Set(committed.split('\n').filter(Boolean));
  const after = new Set(now.split('\n').filter(Boolean));
  expect({ added: [...after].filter((l) => !before.has(l)), removed: [...before].filter((l) => !after.has(l)) }).toEqual({ added: [], removed: [] });
});
