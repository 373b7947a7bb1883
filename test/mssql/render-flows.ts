/**
 * The runs of the SQL Server render test, driven over GraphQL against the server on the recording
 * mssql stand-in, with the sandbox shop on loopback. ISOF's rows come from canned answers fed to the
 * recorder just before each flow (by statement pattern, under the statement's own aliases), so that
 * every run does real work: the export plans, calls the shop and bulk-writes its records and items;
 * the stock sync sends changed stock; the import writes orders through its transaction; the status
 * sync sends a pending status. Over-long values (a shop fault code of 70 characters, a customer
 * name of 300) go through the writes that must bound them.
 */
import type { MssqlRenderApp } from '../helpers/mssql-app.js';
import type { BoundParameter, Row } from '../helpers/mssql-recorder.js';
import type { ScriptedFault } from '../../src/sandbox/faults.js';
import { addShopProduct } from '../../src/sandbox/products.js';

export const OPERATOR = 'operator-secret-0123456789abcdef';
export const ADMIN = 'admin-secret-0123456789abcdef';

const RUN = 'id status total processed succeeded failed skipped error';

export interface RunResult {
  id: string;
  status: string;
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  skipped: number;
  error: string | null;
}

export interface FlowResults {
  shopId: string;
  export: RunResult;
  exportWithFault: RunResult;
  stock: RunResult;
  importRun: RunResult;
  statuses: RunResult;
  link: RunResult;
  cancelFinished: { errors?: { message: string; extensions?: Record<string, unknown> }[] };
  schemaCheck: { ok: boolean; problems: unknown[] };
  /** Serial numbers of the sandbox orders: found by e-mail, new (300-character name), found by NIP. */
  orders: { byEmail: number; created: number; byNip: number };
  /** Index into the recorder's statements where the import run began and where it ended. */
  importSpan: [number, number];
}

/** A shop fault code longer than the 60 characters of an item's error code (IDOSELL_FAULT_ + 70 digits). */
export const LONG_FAULT_CODE = '9'.repeat(70);
export const LONG_NAME = `Firma ${'Ż'.repeat(294)}`;

/** The value of the parameter the statement compares `column` with (`"x"."COL" > @n`). */
function paramOf(sql: string, params: BoundParameter[], column: RegExp): unknown {
  const m = new RegExp(`${column.source} @(\\d+)`).exec(sql);
  return m ? params.find((p) => p.name === m[1])?.value : undefined;
}

/** Active products from id `from` on; those in `recorded` have an export record left without a shop id (looked up in the shop, then updated). */
function products(from: number, count: number, recorded: number[] = []): Row[] {
  return Array.from({ length: count }, (_, i) => {
    const id = from + i;
    const record = recorded.includes(id);
    return {
      id, code: `MS-${String(id).padStart(4, '0')}`, name: `Produkt ${id}`, description: `Opis ${id}`, vatRate: '23.00', picture: null,
      stock: '12.000', recordId: record ? 500 + id : null, idosellProductId: null, lastSentStock: null, fieldsHash: null, imageHash: null,
      gross0: '123.00',
    };
  });
}

export async function runFlows(r: MssqlRenderApp): Promise<FlowResults> {
  const rec = r.recorder;
  const gql = async (query: string, variables?: Record<string, unknown>, key = OPERATOR) => r.gql(query, variables, key);
  const ok = async (query: string, variables?: Record<string, unknown>, key = OPERATOR) => {
    const res = await gql(query, variables, key);
    if (res.errors) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
    return res.data;
  };
  const sandbox = r.app.sandbox!;
  const shopId = (await ok(`{ shops { id } }`)).shops[0].id as string;
  const run = async (mutation: string, input: Record<string, unknown>) => (await ok(`mutation($input: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { ${RUN} } }`,
    { input: { shopId, wait: true, ...input } }))[mutation] as RunResult;

  // ISOF's price types: the first one gives the RETAIL price (the page read then joins CENY once).
  rec.answerColumns(/FROM "RODZAJE_CEN" "IsofPriceType"/, [{ ID_RODZAJU_CENY: 1, NAZWA: 'Detaliczna', KOLEJNOSC: 1 }]);

  // --- the mass export: one page of products, keyset by id.
  let page = products(1, 5, [4, 5]);
  rec.answer(/^SELECT "p"\."ID_TOWARU" AS "id"/, (sql, params) => {
    const after = Number(paramOf(sql, params, /"p"\."ID_TOWARU" >/));
    return page.filter((p) => Number(p.id) > after);
  });
  const exported = await run('exportProducts', {});
  // A second export whose first product the shop refuses with an over-long fault code. IdoSell sends
  // fault codes as numbers or text (src/idosell/results.ts); the sandbox script types it as a number.
  page = products(6, 2);
  sandbox.script({ path: '/products/products', kind: 'itemFault', itemIndexes: [0], faultCode: LONG_FAULT_CODE, faultString: 'Odrzucony' } as unknown as ScriptedFault);
  const exportWithFault = await run('exportProducts', {});

  // --- the stock sync: three exported products whose stock changed.
  rec.answer(/^SELECT "e"\."id" AS "exportId"/, (sql, params) => {
    const after = Number(paramOf(sql, params, /"e"\."id" >/));
    return [1, 2, 3].map((id) => ({ exportId: 600 + id, productId: id, code: `MS-${String(id).padStart(4, '0')}`, lastSentStock: '12.000', stock: '7.000' }))
      .filter((x) => x.exportId > after);
  });
  const stock = await run('syncStock', {});

  // --- the order import: three sandbox orders of products ISOF knows.
  const day = new Date(Date.now() - 3 * 24 * 3600_000);
  const byEmail = sandbox.addOrder({ addDate: day, clientEmail: 'znany@example.pl', lines: [{ productCode: 'MS-0001', productQuantity: 2 }] }).orderSerialNumber;
  const created = sandbox.addOrder({
    addDate: day, clientEmail: 'nowy@example.pl', billing: { firstName: 'Jan', lastName: 'Nowak', firm: LONG_NAME },
    lines: [{ productCode: 'MS-0002' }, { productCode: 'MS-0003' }], deliveryCost: 15,
  }).orderSerialNumber;
  const byNip = sandbox.addOrder({ addDate: day, clientEmail: 'inny@example.pl', billing: { firm: 'Firma z NIP', nip: '526-000-12-46' }, payformName: 'Za pobraniem', lines: [{ productCode: 'MS-0001' }] }).orderSerialNumber;
  const isofProducts = products(1, 3).map((p) => ({ ID_TOWARU: p.id, INDEKS: p.code, NAZWA: p.name, OPIS: null, STAWKA_VAT: '23.00', JM: 'szt.', AKTYWNY: true }));
  rec.answerColumns(/FROM "TOWARY" "p" WHERE "p"\."INDEKS" IN/, (_sql, params) => isofProducts.filter((p) => params.some((x) => x.value === p.INDEKS)));
  rec.answerColumns(/FROM "FORMY_PLATNOSCI" "IsofPaymentMethod"/, [{ ID_FORMY: 1, NAZWA: 'Za pobraniem' }, { ID_FORMY: 2, NAZWA: 'Przelew bankowy' }]);
  // The shop's "Przelew" goes to ISOF's "Przelew bankowy" by this shop's mapping; "Za pobraniem" by name.
  rec.answerColumns(/FROM "idosell_payment_mappings" "PaymentMethodMappingEntity"/,
    [{ id: 1, shop_id: Number(shopId), payment_method_id: 2, idosell_payment_form_name: 'Przelew', form_key: 'przelew' }]);
  rec.answerColumns(/FROM "STATUSY_ZAMOWIEN" "IsofOrderStatus"/, [{ ID_STATUSU: 1, NAZWA: 'Nowe', KOLEJNOSC: 1 }, { ID_STATUSU: 2, NAZWA: 'Wysłane', KOLEJNOSC: 2 }]);
  const customer = (id: number, email: string | null, nip: string | null) => ({ ID_KONTRAHENTA: id, NAZWA: `Klient ${id}`, EMAIL: email, NIP: nip });
  rec.answerColumns(/FROM "KONTRAHENCI" "c" WHERE "c"\."EMAIL" = @0/, (_sql, params) => (params[0]?.value === 'znany@example.pl' ? [customer(71, 'znany@example.pl', null)] : undefined));
  rec.answerColumns(/FROM "KONTRAHENCI" "c" WHERE "c"\."NIP" = @0/, (_sql, params) => (params[0]?.value === '5260001246' ? [customer(72, null, '5260001246')] : undefined));
  const importStart = rec.statements.length;
  const importRun = await run('importOrders', { orderSerialNumbers: [byEmail, created, byNip] });
  const importEnd = rec.statements.length;

  // --- the status sync: the order found by e-mail went to "Wysłane" in ISOF; the shop gets "finished".
  rec.answer(/^SELECT COUNT\(DISTINCT\("i"\."id"\)\) AS "cnt" FROM "idosell_order_imports" "i"/, [{ cnt: 1 }]);
  rec.answerColumns(/FROM "idosell_status_mappings" "StatusMappingEntity"/, [{ id: 1, shop_id: Number(shopId), isof_status: 'Wysłane', idosell_status: 'finished' }]);
  rec.answer(/^SELECT "i"\."id" AS "importId"/, (sql, params) => (Number(paramOf(sql, params, /"i"\."id" >/)) < 801
    ? [{ importId: 801, serial: byEmail, isofStatus: 'Wysłane', syncedIsofStatus: 'Nowe', lastSentStatus: 'new' }] : []));
  const statuses = await run('syncStatuses', {});

  // --- linkShopProducts: MS-0001 is in the shop (the export made it) with a record left without an id
  // (updated), MS-0021 was added in the shop's panel (a new record, inserted); their writes bind nulls.
  addShopProduct(sandbox.state, { name: 'Sold before ISOF', sizeCode: 'MS-0021' });
  rec.answer(/^SELECT "p"\."ID_TOWARU" AS "id", "p"\."INDEKS" AS "code", "e"\."id" AS "recordId"/, (sql, params) =>
    [{ id: 1, code: 'MS-0001', recordId: 701, idosellProductId: null }, { id: 21, code: 'MS-0021', recordId: null, idosellProductId: null }]
      .filter((x) => x.id > Number(paramOf(sql, params, /"p"\."ID_TOWARU" >/))));
  const link = await run('linkShopProducts', {});

  // --- cancelSyncRun on a finished run: refused with a sentence, nothing written.
  const cancelFinished = await gql(`mutation($id: ID!) { cancelSyncRun(id: $id) { id status } }`, { id: exported.id });

  // --- the ISOF schema check, on the rows fed before the start.
  const schemaCheck = (await ok(`{ isofSchemaCheck { ok problems { table column message } } }`, undefined, ADMIN)).isofSchemaCheck;

  return {
    shopId, export: exported, exportWithFault, stock, importRun, statuses, link, cancelFinished, schemaCheck,
    orders: { byEmail, created, byNip }, importSpan: [importStart, importEnd],
  };
}
