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
import { checkStatement, checkStatements, MAX_VALUES_ROWS, snapshotOf } from '../helpers/mssql-checks.js';
import { valuesRowCount, type RecordedStatement } from '../helpers/mssql-recorder.js';
import { goodRows } from '../isof/information-schema.fixture.js';
import { ADMIN, LONG_FAULT_CODE, LONG_NAME, OPERATOR, runFlows, type FlowResults } from './render-flows.js';

const SNAPSHOT = path.resolve('test/fixtures/mssql-statements.sql');
let r: MssqlRenderApp;
let flows: FlowResults;
let scheduleTick: Awaited<ReturnType<MssqlRenderApp['app']['services']['scheduler']['tick']>>;

async function ok(query: string, variables?: Record<string, unknown>, key = ADMIN) {
  const res = await r.gql(query, variables, key);
  expect(res.errors).toBeUndefined();
  return res.data;
}

beforeAll(async () => {
  // Shops and runs are read back after they are written: the recorder keeps their rows.
  // ISOF's tables as a matching database shows them in INFORMATION_SCHEMA: the start-up schema check
  // passes, so the operations that write ISOF are allowed.
  r = await startMssqlRenderApp({ SANDBOX: 'on', API_KEYS: `isof:operator:${OPERATOR},boss:admin:${ADMIN}` }, ['idosell_shops', 'idosell_sync_runs', 'idosell_schedules'],
    (rec) => {
      rec.answer(/^SELECT COALESCE\(@0, SCHEMA_NAME\(\)\) AS SCHEMA_NAME/, [{ SCHEMA_NAME: 'dbo' }]);
      rec.answer(/FROM INFORMATION_SCHEMA\.COLUMNS c/, goodRows());
    });
  const shops = await ok(`{ shops { id name } }`);
  const shopId = shops.shops[0].id;
  await ok(`{ products(first: 5, filter: { search: "x_%" }) { totalCount edges { node { id } } } }`);
  await ok(`{ orders(first: 5, filter: { from: "2026-01-01T00:00:00.000Z", to: "2026-01-31T23:59:59.999Z" }) { totalCount edges { node { id } } } }`);
  await ok(`{ syncRuns(first: 5) { totalCount } priceTypes { id } warehouses { id } paymentMethods { id } }`);
  await ok(`query($id: ID!) { shop(id: $id) { id name } }`, { id: shopId });
  await r.gql(`mutation($id: ID!) { setStatusMapping(input: { shopId: $id, isofStatus: "Nowe", idosellStatus: "new" }) { id } }`, { id: shopId }, ADMIN);
  // The mapping deletes: one DELETE by id each (what the stand-in answers for it does not matter here).
  await r.gql(`mutation { deleteStatusMapping(id: "1") }`, {}, ADMIN);
  await r.gql(`mutation { deletePriceMapping(id: "1") }`, {}, ADMIN);
  // Runs with nothing to do (no ISOF rows yet): the run row, the lock, the first page read.
  await ok(`mutation($id: ID!) { exportProducts(input: { shopId: $id, wait: true }) { id status } }`, { id: shopId }, OPERATOR);
  await ok(`mutation($id: ID!) { syncStock(input: { shopId: $id, wait: true }) { id status } }`, { id: shopId }, OPERATOR);
  flows = await runFlows(r);
  // Schedules: set, read (Shop.schedules batched), one due-time check that claims and starts a run, delete.
  const made = await ok(`mutation($id: ID!) { setSchedule(input: { shopId: $id, kind: SYNC_STATUSES, everyMinutes: 30 }) { id nextRunAt } }`, { id: shopId }, ADMIN);
  await ok(`{ schedules { id kind nextRunAt lastRun { id } shop { id } } shops { id schedules { id } } }`);
  scheduleTick = await r.app.services.scheduler.tick(new Date(Date.parse(made.setSchedule.nextRunAt) + 1000));
  await r.app.services.engine.drain();
  await ok(`mutation($id: ID!) { deleteSchedule(id: $id) }`, { id: made.setSchedule.id }, ADMIN);
});

test('schedules: the table is created, a due time is claimed with one conditional UPDATE, the claimed run is started', () => {
  const sql = r.recorder.statements.map((s) => s.sql);
  expect(sql.some((s) => /^CREATE TABLE "idosell_schedules"/.test(s))).toBe(true);
  expect(sql.some((s) => /^SELECT [\s\S]* FROM "idosell_schedules" "s" WHERE "s"\."enabled" = @0 AND "s"\."next_run_at" <= @1/.test(s))).toBe(true);
  expect(sql.some((s) => /^UPDATE "idosell_schedules" SET "next_run_at" = @0 WHERE \("id" = @1 AND "next_run_at" = @2 AND "enabled" = @3\)/.test(s))).toBe(true);
  expect(scheduleTick.started).toHaveLength(1);
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

const writes = (table: string, from = 0, to = Infinity): RecordedStatement[] => r.recorder.statements.slice(from, to)
  .filter((s) => new RegExp(`^(?:DECLARE [^;]*;\\s*)?(?:INSERT INTO|UPDATE) "${table}"`).test(s.sql));
const param = (s: RecordedStatement, column: string): RecordedStatement['params'][number] => {
  const columns = [.../\(([^)]*)\)\s*(?:OUTPUT[\s\S]*?)?VALUES/.exec(s.sql)![1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
  return s.params[columns.indexOf(column)]!;
};
const level = (s: RecordedStatement) => (s.transaction === null ? 'none' : r.recorder.transactions[s.transaction]);

describe('the runs do their work on the SQL Server driver', () => {
  test('every run SUCCEEDED; the export whose product the shop refused is PARTIALLY_FAILED, as it must be', () => {
    expect(flows.export).toMatchObject({ status: 'SUCCEEDED', total: 5, succeeded: 5, failed: 0 });
    expect(flows.stock).toMatchObject({ status: 'SUCCEEDED', total: 3, succeeded: 3 });
    expect(flows.importRun).toMatchObject({ status: 'SUCCEEDED', total: 3, succeeded: 3, failed: 0, skipped: 0 });
    expect(flows.statuses).toMatchObject({ status: 'SUCCEEDED', total: 1, succeeded: 1 });
    expect(flows.exportWithFault).toMatchObject({ status: 'PARTIALLY_FAILED', total: 2, succeeded: 1, failed: 1 });
    // Two products linked and the summary of the shop's side.
    expect(flows.link).toMatchObject({ status: 'SUCCEEDED', succeeded: 3, failed: 0 });
  });

  test('the export: products created in the shop, records and items bulk-written in one READ COMMITTED transaction', () => {
    const products = JSON.stringify(r.app.sandbox!.state.products);
    for (const code of ['MS-0001', 'MS-0005', 'MS-0007']) expect(products).toContain(`"${code}"`);
    const [inserted] = writes('idosell_product_exports');
    expect(valuesRowCount(inserted!.sql)).toBe(3); // products 1-3 had no record
    const updated = writes('idosell_product_exports').find((s) => /CASE "id"/.test(s.sql))!;
    expect(updated.sql).toMatch(/WHERE "id" IN \(@\d+, @\d+\)$/); // products 4-5: their records get the shop's id
    const items = r.recorder.statements.find((s) => s.transaction === inserted!.transaction && /^INSERT INTO "idosell_sync_run_items"/.test(s.sql))!;
    expect(valuesRowCount(items.sql)).toBe(5);
    expect(new Set([inserted, updated, items].map(level))).toEqual(new Set(['READ_COMMITTED']));
    expect(updated.transaction).toBe(inserted!.transaction);
  });

  test('the item INSERT is chunked under SQL Server\'s limits', () => {
    const items = writes('idosell_sync_run_items');
    expect(Math.max(...items.map((s) => valuesRowCount(s.sql)))).toBeGreaterThan(1);
    for (const s of items) {
      expect(valuesRowCount(s.sql)).toBeLessThanOrEqual(MAX_VALUES_ROWS);
      expect(s.params.length).toBeLessThanOrEqual(2000);
    }
  });

  test('the stock sync sends the changed stock and confirms it with one CASE UPDATE', () => {
    const size = r.app.sandbox!.state.products.flatMap((p) => p.sizes).find((x) => JSON.stringify(x).includes('"MS-0002"'))!;
    expect(Object.values(size.stocks)).toContain(7);
    const confirm = writes('idosell_product_exports').find((s) => /^UPDATE .* SET "last_sent_stock" = CASE/.test(s.sql))!;
    expect(confirm.params.filter((p) => typeof p.value === 'number' && [601, 602, 603].includes(p.value)).length).toBeGreaterThanOrEqual(3);
    expect(level(confirm)).toBe('READ_COMMITTED');
  });

  test('each imported order is written in one READ COMMITTED transaction: customer, order, lines, import record, item', () => {
    const [from, to] = flows.importSpan;
    const orders = writes('ZAMOWIENIA', from, to);
    expect(orders).toHaveLength(3);
    for (const order of orders) {
      const tx = order.transaction!;
      expect(r.recorder.transactions[tx]).toBe('READ_COMMITTED');
      const inTx = r.recorder.statements.slice(from, to).filter((s) => s.transaction === tx).map((s) => /(?:INSERT INTO|UPDATE) "([^"]+)"/.exec(s.sql)?.[1]).filter(Boolean);
      expect(inTx).toEqual(expect.arrayContaining(['idosell_customer_links', 'ZAMOWIENIA', 'ZAMOWIENIA_POZYCJE', 'idosell_order_imports', 'idosell_sync_run_items']));
    }
    // No ISOF or order-import write outside a transaction.
    for (const t of ['KONTRAHENCI', 'ZAMOWIENIA', 'ZAMOWIENIA_POZYCJE', 'idosell_order_imports', 'idosell_customer_links']) {
      for (const s of writes(t, from, to)) expect(s.transaction).not.toBeNull();
    }
    const number = (serial: number) => `IDO/${flows.shopId}/${serial}`;
    const order = (serial: number) => orders.find((s) => param(s, 'NUMER').value === number(serial))!;
    // Found by e-mail (71) and by NIP (72); the third a new customer; "Przelew" by the shop's mapping, "Za pobraniem" by name.
    expect([param(order(flows.orders.byEmail), 'ID_KONTRAHENTA').value, param(order(flows.orders.byEmail), 'ID_FORMY').value]).toEqual([71, 2]);
    expect([param(order(flows.orders.byNip), 'ID_KONTRAHENTA').value, param(order(flows.orders.byNip), 'ID_FORMY').value]).toEqual([72, 1]);
    const created = writes('KONTRAHENCI', from, to);
    expect(created).toHaveLength(1);
    expect(created[0]!.transaction).toBe(order(flows.orders.created).transaction);
    expect(param(order(flows.orders.created), 'ID_KONTRAHENTA').value).not.toBe(71);
  });

  test('the status sync sends the pending status and marks it synced in a transaction', () => {
    expect(r.app.sandbox!.state.orders.find((o) => o.orderSerialNumber === flows.orders.byEmail)!.orderStatus).toBe('finished');
    const marked = writes('idosell_order_imports').find((s) => /^UPDATE/.test(s.sql))!;
    expect(marked.params.map((p) => p.value)).toEqual(expect.arrayContaining(['Wysłane', 'finished', 801]));
    expect(level(marked)).toBe('READ_COMMITTED');
  });

  test('cancelSyncRun on a finished run: a coded error with a sentence, nothing written', () => {
    expect(flows.cancelFinished.errors?.[0]).toMatchObject({ message: `Run ${flows.export.id} has already finished (SUCCEEDED); there is nothing to cancel.`, extensions: { code: 'BAD_USER_INPUT' } });
    expect(r.recorder.statements.some((s) => /SET "cancel_requested_at"/.test(s.sql))).toBe(false);
  });

  test('isofSchemaCheck reads INFORMATION_SCHEMA and finds a matching ISOF', () => {
    expect(flows.schemaCheck).toEqual({ ok: true, problems: [] });
    expect(r.recorder.statements.some((s) => /FROM INFORMATION_SCHEMA\.COLUMNS c/.test(s.sql))).toBe(true);
  });
});

describe('over-long values from the shop are cut to their nvarchar(n) on the SQL Server path', () => {
  test('a 70-digit fault code: the item\'s error code is bound as nvarchar (60) and fits', () => {
    const p = writes('idosell_sync_run_items').flatMap((s) => s.params).find((x) => typeof x.value === 'string' && x.value.startsWith('IDOSELL_FAULT_9'))!;
    expect(p.declared).toBe('nvarchar (60)');
    expect(p.value).toBe(`IDOSELL_FAULT_${'9'.repeat(45)}…`);
  });

  test('a 300-character customer name: bound as nvarchar (255), cut to 255', () => {
    const name = param(writes('KONTRAHENCI')[0]!, 'NAZWA');
    expect(name.declared).toBe('nvarchar (255)');
    expect(name.value).toBe(`${LONG_NAME.slice(0, 254)}…`);
  });

  test('the length check fires on those very statements when a value is not cut', () => {
    const item = writes('idosell_sync_run_items').find((s) => s.params.some((x) => String(x.value).startsWith('IDOSELL_FAULT_9')))!;
    const uncut = { ...item, params: item.params.map((x) => (String(x.value).startsWith('IDOSELL_FAULT_9') ? { ...x, value: `IDOSELL_FAULT_${LONG_FAULT_CODE}` } : x)) };
    expect(checkStatement(uncut, r.isofTables).join('\n')).toMatch(/84 UTF-16 units long, bound as nvarchar \(60\)/);
    const customer = writes('KONTRAHENCI')[0]!;
    const long = { ...customer, params: customer.params.map((x) => (x.value === param(customer, 'NAZWA').value ? { ...x, value: LONG_NAME } : x)) };
    expect(checkStatement(long, r.isofTables).join('\n')).toMatch(/300 UTF-16 units long, bound as nvarchar \(255\)/);
  });
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
