/**
 * syncStatuses (ISOF -> shop), end to end over GraphQL against the sandbox: what is sent (counted
 * on the sandbox's PUT /orders/orders calls), what is recorded, and what is left alone.
 */
import { expectSchemaCleanAfterEach, startTestApp, type TestApp } from '../helpers/app.js';
import { IsofOrder, IsofOrderStatus } from '../../src/isof/entities.js';
import { OrderImportEntity } from '../../src/orders/order-import.entity.js';

const VIEWER = 'viewer-secret-status-0123456789';
const OPERATOR = 'operator-secret-status-0123456789';
const ADMIN = 'admin-secret-status-0123456789ab';
const DAY = 24 * 3600_000;

let app: TestApp;
let shopId: string;
let s: number[] = [];

const gql = (q: string, vars: Record<string, unknown> = {}, key = OPERATOR) => app.gql(q, vars, { key });
const SYNC = `mutation($input: SyncStatusesInput!) { syncStatuses(input: $input) { id status total succeeded failed skipped error } }`;
const ITEMS = `query($id: ID!) { syncRun(id: $id) { items { edges { node { ref outcome errorCode message detail } } } } }`;

async function items(runId: string) {
  const r = await gql(ITEMS, { id: runId });
  expect(r.errors).toBeUndefined();
  return (r.data.syncRun.items.edges as { node: { ref: string; outcome: string; errorCode: string | null; message: string | null; detail: string | null } }[]).map((e) => e.node);
}

async function sync(extra: Record<string, unknown> = {}) {
  const r = await gql(SYNC, { input: { shopId, wait: true, ...extra } });
  expect(r.errors).toBeUndefined();
  return r.data.syncStatuses as { id: string; status: string; total: number; succeeded: number; failed: number; skipped: number };
}

/** The PUT /orders/orders calls since `from`, as [serial, status] lists per call. */
function puts(from: number) {
  return app.sandbox!.calls.slice(from).filter((c) => c.method === 'PUT' && c.path === '/orders/orders')
    .map((c) => ((c.body as { params: { orders: { orderSerialNumber: number; orderStatus: string }[] } }).params.orders).map((o) => [o.orderSerialNumber, o.orderStatus]));
}

async function setIsofStatus(serial: number, name: string) {
  const status = await app.services.ds.getRepository(IsofOrderStatus).findOneByOrFail({ name });
  await app.services.ds.getRepository(IsofOrder).update({ number: `IDO/${shopId}/${serial}` }, { statusId: status.id });
}

const record = (serial: number) => app.services.ds.getRepository(OrderImportEntity).findOneByOrFail({ orderSerialNumber: serial });
const shopStatus = (serial: number) => app.sandbox!.state.orders.find((o) => o.orderSerialNumber === serial)!.orderStatus;

async function importSerials(serials: number[]) {
  const r = await gql(`mutation($input: ImportOrdersInput!) { importOrders(input: $input) { status succeeded } }`, { input: { shopId, orderSerialNumbers: serials, wait: true } });
  expect(r.data.importOrders).toEqual({ status: 'SUCCEEDED', succeeded: serials.length });
}

async function map(isofStatus: string, idosellStatus: string) {
  const r = await gql(`mutation($input: StatusMappingInput!) { setStatusMapping(input: $input) { id } }`, { input: { shopId, isofStatus, idosellStatus } }, ADMIN);
  expect(r.errors).toBeUndefined();
}

beforeAll(async () => {
  app = await startTestApp({ env: { SANDBOX: 'on', API_KEYS: `dash:viewer:${VIEWER},isof:operator:${OPERATOR},boss:admin:${ADMIN}` } });
  shopId = (await gql('{ shops { id name } }')).data.shops.find((x: { name: string }) => x.name === 'Sklep demo (sandbox)').id;
  const at = Date.now() - 60 * DAY;
  const add = (i: number, orderStatus = 'new') => app.sandbox!.addOrder({ addDate: new Date(at + i * 60_000), orderStatus, lines: [{ productCode: `TOW-0010${i}` }] }).orderSerialNumber;
  s = [add(0), add(1), add(2), add(3, 'finished_ext')];
  // Imported before any status mapping: ISOF status "Nowe"; s[3] is known in the shop as finished_ext.
  await importSerials(s);
  await map('W realizacji', 'on_order');
  await map('Wysłane', 'finished'); // the first mapping of "Wysłane": what goes out
  await map('Wysłane', 'finished_ext'); // a finer shop status that also means "Wysłane"
  await map('Anulowane', 'canceled');
  // Imported after the mappings: finished_ext -> ISOF "Wysłane".
  s.push(app.sandbox!.addOrder({ addDate: new Date(at + 10 * 60_000), orderStatus: 'finished_ext', lines: [{ productCode: 'TOW-00110' }] }).orderSerialNumber);
  await importSerials([s[4]!]);
});
expectSchemaCleanAfterEach(() => app);
afterAll(async () => {
  expect(app.schemaChecked()).toBeGreaterThan(0);
  await app?.close();
});

test('nothing changed in ISOF: total 0 and no call to the shop at all', async () => {
  const from = app.sandbox!.calls.length;
  expect(await sync()).toMatchObject({ status: 'SUCCEEDED', total: 0, succeeded: 0 });
  expect(app.sandbox!.calls.length).toBe(from);
  expect((await record(s[4]!)).syncedIsofStatus).toBe('Wysłane');
});

test('changed ISOF statuses go out mapped, in one call, recorded on confirmation; a second run sends nothing', async () => {
  await setIsofStatus(s[0]!, 'W realizacji');
  await setIsofStatus(s[1]!, 'W realizacji');
  const from = app.sandbox!.calls.length;
  expect(await sync()).toMatchObject({ status: 'SUCCEEDED', total: 2, succeeded: 2 });
  expect(puts(from)).toEqual([[[s[0], 'on_order'], [s[1], 'on_order']]]);
  expect([shopStatus(s[0]!), shopStatus(s[1]!), shopStatus(s[2]!)]).toEqual(['on_order', 'on_order', 'new']);
  const r0 = await record(s[0]!);
  expect(r0).toMatchObject({ syncedIsofStatus: 'W realizacji', lastSentStatus: 'on_order' });
  expect(r0.statusSyncedAt).toBeInstanceOf(Date);

  const again = app.sandbox!.calls.length;
  expect(await sync()).toMatchObject({ status: 'SUCCEEDED', total: 0 });
  expect(app.sandbox!.calls.length).toBe(again);
});

test('a coarse mapping is not overwritten: the shop already has a status of the new ISOF status -> SKIPPED, no call', async () => {
  await setIsofStatus(s[3]!, 'Wysłane'); // the shop has finished_ext, which maps to "Wysłane" too
  const from = app.sandbox!.calls.length;
  const run = await sync();
  expect(run).toMatchObject({ status: 'SUCCEEDED', total: 1, skipped: 1, succeeded: 0 });
  expect(puts(from)).toEqual([]);
  const [item] = await items(run.id);
  expect(item).toMatchObject({ ref: String(s[3]), outcome: 'SKIPPED' });
  expect(item!.message).toMatch(/already has status "finished_ext"/);
  expect(shopStatus(s[3]!)).toBe('finished_ext');
  expect(await record(s[3]!)).toMatchObject({ syncedIsofStatus: 'Wysłane', lastSentStatus: 'finished_ext' });
  // s[4] (imported as finished_ext -> "Wysłane") was never touched either.
  expect(shopStatus(s[4]!)).toBe('finished_ext');
  expect(await sync()).toMatchObject({ total: 0 });
});

test("a per-order fault is FAILED with the shop's text; the next run retries only that order", async () => {
  await setIsofStatus(s[0]!, 'Wysłane');
  await setIsofStatus(s[1]!, 'Wysłane');
  app.sandbox!.script({ method: 'PUT', path: '/orders/orders', kind: 'itemFault', itemIndexes: [1], faultCode: 5, faultString: 'Zamówienie jest w trakcie edycji' });
  const from = app.sandbox!.calls.length;
  const run = await sync();
  expect(run).toMatchObject({ status: 'PARTIALLY_FAILED', total: 2, succeeded: 1, failed: 1 });
  expect(puts(from)).toEqual([[[s[0], 'finished'], [s[1], 'finished']]]);
  const failed = (await items(run.id)).find((i) => i.outcome === 'FAILED')!;
  expect(failed.ref).toBe(String(s[1]));
  expect(failed.errorCode).toMatch(/^IDOSELL_FAULT_/);
  // The shop's words stay in the detail; the message says what to do (issue 12, point 6).
  expect(failed.message).toMatch(/its words are in the item's detail/);
  expect(JSON.parse(failed.detail!).shopMessage).toBe('Zamówienie jest w trakcie edycji');
  expect(await record(s[0]!)).toMatchObject({ syncedIsofStatus: 'Wysłane', lastSentStatus: 'finished' });
  expect(await record(s[1]!)).toMatchObject({ syncedIsofStatus: 'W realizacji', lastSentStatus: 'on_order' });

  const retry = app.sandbox!.calls.length;
  expect(await sync()).toMatchObject({ status: 'SUCCEEDED', total: 1, succeeded: 1 });
  expect(puts(retry)).toEqual([[[s[1], 'finished']]]);
  expect(shopStatus(s[1]!)).toBe('finished');
});

test('dryRun records what would be sent and sends nothing', async () => {
  await setIsofStatus(s[0]!, 'Anulowane');
  const from = app.sandbox!.calls.length;
  const run = await sync({ dryRun: true });
  expect(run).toMatchObject({ status: 'SUCCEEDED', total: 1, succeeded: 1 });
  expect(app.sandbox!.calls.length).toBe(from);
  const [item] = await items(run.id);
  expect(item!.message).toMatch(/^Would send status "canceled"/);
  expect(JSON.parse(item!.detail!)).toMatchObject({ orderSerialNumber: s[0], orderStatus: 'canceled' });
  expect(shopStatus(s[0]!)).toBe('finished');
  expect(await record(s[0]!)).toMatchObject({ syncedIsofStatus: 'Wysłane', lastSentStatus: 'finished' });
  // The real run then sends it.
  const real = app.sandbox!.calls.length;
  expect(await sync()).toMatchObject({ succeeded: 1 });
  expect(puts(real)).toEqual([[[s[0], 'canceled']]]);
});

test('an ISOF status with no mapping is SKIPPED with UNMAPPED_STATUS, sends nothing and stays pending', async () => {
  await setIsofStatus(s[2]!, 'Gotowe do wysyłki');
  const from = app.sandbox!.calls.length;
  const run = await sync();
  expect(run).toMatchObject({ status: 'SUCCEEDED', total: 1, skipped: 1 });
  expect(puts(from)).toEqual([]);
  const [item] = await items(run.id);
  expect(item).toMatchObject({ ref: String(s[2]), outcome: 'SKIPPED', errorCode: 'UNMAPPED_STATUS' });
  expect(item!.message).toMatch(/ISOF status "Gotowe do wysyłki" has no IdoSell status mapped for shop "Sklep demo \(sandbox\)"; add one with setStatusMapping/);
  expect((await record(s[2]!)).syncedIsofStatus).toBe('Nowe');
  await map('Gotowe do wysyłki', 'ready');
  const next = app.sandbox!.calls.length;
  expect(await sync()).toMatchObject({ succeeded: 1 });
  expect(puts(next)).toEqual([[[s[2], 'ready']]]);
});

test('a viewer key cannot start syncStatuses (FORBIDDEN) but can read the runs', async () => {
  const r = await gql(SYNC, { input: { shopId, wait: true } }, VIEWER);
  expect(r.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  const runs = await gql(`{ syncRuns(first: 5) { edges { node { id kind } } } }`, {}, VIEWER);
  expect(runs.errors).toBeUndefined();
  const id = runs.data.syncRuns.edges.find((e: { node: { kind: string } }) => e.node.kind === 'SYNC_STATUSES').node.id;
  expect((await gql(ITEMS, { id }, VIEWER)).errors).toBeUndefined();
});
