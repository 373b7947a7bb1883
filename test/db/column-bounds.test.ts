/**
 * Every bounded column (nvarchar(n) on SQL Server, where a longer value fails the statement with
 * error 8016 and rolls its transaction back) has a rule that keeps what this server writes within
 * it, counted in UTF-16 units as nvarchar counts. The table below names the rule of each column and
 * the longest value the rule lets through; a new bounded column without a row fails here, and so
 * does a rule whose longest value no longer fits its column. SQLite ignores lengths, so nothing else
 * on this machine would notice.
 */
import crypto from 'node:crypto';
import { openTempDb, type TempDb } from './temp-db.js';
import { API_KEY_NAME_MAX } from '../../src/config.js';
import { SecretBox, sha256Hex } from '../../src/common/crypto.js';
import { IDOSELL_PRICE_FIELDS } from '../../src/idosell/index.js';
import { MAPPING_TEXT } from '../../src/mappings/mapping.service.js';
import { ISOF_MAX } from '../../src/orders/order-build.js';
import { SHOP_TEXT } from '../../src/shops/shop.service.js';
import { ITEM_ERROR_CODE_MAX, ITEM_REF_MAX } from '../../src/sync-runs/engine.js';
import { SYNC_ITEM_OUTCOMES, SYNC_KINDS, SYNC_RUN_STATUSES } from '../../src/sync-runs/sync-run.entities.js';

const longest = (list: readonly string[]) => Math.max(...list.map((s) => s.length));
/** ISOF's own lists and cards: this server only reads them (the demo seed writes its own short words). */
const ISOF_OWNED = 'ISOF data this server only reads';

/** `table.column` -> the longest value the rule lets through, and the rule. */
const RULES: Record<string, { max: number; rule: string }> = {
  'TOWARY.INDEKS': { max: 50, rule: ISOF_OWNED },
  'TOWARY.NAZWA': { max: 255, rule: ISOF_OWNED },
  'TOWARY.JM': { max: 10, rule: ISOF_OWNED },
  'RODZAJE_CEN.NAZWA': { max: 100, rule: ISOF_OWNED },
  'CENY.WALUTA': { max: 3, rule: ISOF_OWNED },
  'MAGAZYNY.SYMBOL': { max: 20, rule: ISOF_OWNED },
  'MAGAZYNY.NAZWA': { max: 100, rule: ISOF_OWNED },
  'FORMY_PLATNOSCI.NAZWA': { max: 100, rule: ISOF_OWNED },
  'STATUSY_ZAMOWIEN.NAZWA': { max: 100, rule: ISOF_OWNED },
  'KONTRAHENCI.NAZWA': { max: ISOF_MAX.customerName, rule: 'order-build newCustomer: fitText, noted in the item' },
  'KONTRAHENCI.EMAIL': { max: ISOF_MAX.email, rule: 'order-build newCustomer: fitText, noted in the item' },
  'KONTRAHENCI.NIP': { max: ISOF_MAX.taxId, rule: 'order-build newCustomer: digits only, fitText, noted in the item' },
  'KONTRAHENCI.TELEFON': { max: ISOF_MAX.phone, rule: 'order-build newCustomer: fitText, noted in the item' },
  'KONTRAHENCI.ULICA': { max: ISOF_MAX.street, rule: 'order-build newCustomer: fitText, noted in the item' },
  'KONTRAHENCI.KOD_POCZTOWY': { max: ISOF_MAX.postalCode, rule: 'order-build newCustomer: fitText, noted in the item' },
  'KONTRAHENCI.MIASTO': { max: ISOF_MAX.city, rule: 'order-build newCustomer: fitText, noted in the item' },
  'KONTRAHENCI.KRAJ': { max: 2, rule: 'order-build newCustomer: a two-letter code or nothing' },
  'KONTRAHENCI.DOST_NAZWA': { max: ISOF_MAX.customerName, rule: 'order-build newCustomer: fitText, noted in the item' },
  'KONTRAHENCI.DOST_ULICA': { max: ISOF_MAX.street, rule: 'order-build newCustomer: fitText, noted in the item' },
  'KONTRAHENCI.DOST_KOD_POCZTOWY': { max: ISOF_MAX.postalCode, rule: 'order-build newCustomer: fitText, noted in the item' },
  'KONTRAHENCI.DOST_MIASTO': { max: ISOF_MAX.city, rule: 'order-build newCustomer: fitText, noted in the item' },
  'KONTRAHENCI.DOST_KRAJ': { max: 2, rule: 'order-build newCustomer: a two-letter code or nothing' },
  // IDO/<shop id (int)>/<order serial number (a safe integer)>.
  'ZAMOWIENIA.NUMER': { max: `IDO/${2 ** 31 - 1}/${Number.MAX_SAFE_INTEGER}`.length, rule: 'order-import: built from two integers' },
  'ZAMOWIENIA.WALUTA': { max: ISOF_MAX.currency, rule: 'order-build buildOrder: fitText, noted in the item' },
  'ZAMOWIENIA_POZYCJE.INDEKS': { max: ISOF_MAX.lineCode, rule: 'order-build buildOrder: fitText, noted in the item' },
  'ZAMOWIENIA_POZYCJE.NAZWA': { max: ISOF_MAX.lineName, rule: 'order-build buildOrder: fitText, noted in the item' },
  'idosell_shops.name': { max: SHOP_TEXT.name.max, rule: 'SHOP_TEXT.name (BAD_USER_INPUT)' },
  'idosell_shops.api_url': { max: SHOP_TEXT.apiUrl.max, rule: 'normalizeApiUrl: the normalised address checked (BAD_USER_INPUT)' },
  // The longest key SHOP_TEXT.apiKey and cleanApiKey let through (printable ASCII), sealed.
  'idosell_shops.api_key_enc': {
    max: new SecretBox(crypto.randomBytes(32)).seal('~'.repeat(SHOP_TEXT.apiKey.max)).length,
    rule: 'SHOP_TEXT.apiKey and printable ASCII (BAD_USER_INPUT), then sealed',
  },
  'idosell_shops.language_id': { max: 3, rule: 'shop.types LANGUAGE: three letters (BAD_USER_INPUT)' },
  'idosell_price_mappings.idosell_price_field': { max: longest(IDOSELL_PRICE_FIELDS), rule: 'an enum' },
  'idosell_payment_mappings.idosell_payment_form_name': { max: MAPPING_TEXT.idosellPaymentFormName.max, rule: 'MAPPING_TEXT (BAD_USER_INPUT)' },
  'idosell_payment_mappings.form_key': { max: MAPPING_TEXT.idosellPaymentFormName.max, rule: 'formKey of the name, its length checked (BAD_USER_INPUT)' },
  'idosell_status_mappings.isof_status': { max: MAPPING_TEXT.isofStatus.max, rule: 'MAPPING_TEXT (BAD_USER_INPUT)' },
  'idosell_status_mappings.idosell_status': { max: MAPPING_TEXT.idosellStatus.max, rule: 'MAPPING_TEXT (BAD_USER_INPUT)' },
  'idosell_product_exports.fields_hash': { max: sha256Hex('x').length, rule: 'a SHA-256 in hex' },
  'idosell_product_exports.image_hash': { max: sha256Hex('x').length, rule: 'a SHA-256 in hex' },
  'idosell_sync_runs.kind': { max: longest(SYNC_KINDS), rule: 'an enum' },
  'idosell_sync_runs.status': { max: longest(SYNC_RUN_STATUSES), rule: 'an enum' },
  'idosell_sync_runs.triggered_by': { max: API_KEY_NAME_MAX, rule: 'config API_KEYS: a name of at most 100 (a config problem)' },
  // host (Linux HOST_NAME_MAX 64) : pid (pid_max 4194304) : Date.now() in base 36.
  'idosell_sync_runs.owner': { max: 64 + 1 + 7 + 1 + Date.now().toString(36).length, rule: 'run-lock owner' },
  'idosell_sync_runs.cancelled_by': { max: API_KEY_NAME_MAX, rule: 'the caller name (config), and fitText in the engine' },
  'idosell_sync_run_items.ref': { max: ITEM_REF_MAX, rule: 'engine record(): fitText' },
  'idosell_sync_run_items.outcome': { max: longest(SYNC_ITEM_OUTCOMES), rule: 'an enum' },
  'idosell_sync_run_items.error_code': { max: ITEM_ERROR_CODE_MAX, rule: 'engine record(): fitText' },
  'idosell_sync_locks.kind': { max: longest(SYNC_KINDS), rule: 'an enum' },
  'idosell_schedules.kind': { max: longest(SYNC_KINDS), rule: 'an enum' },
  'idosell_order_imports.idosell_order_id': { max: 64, rule: 'order-import: fitText' },
  'idosell_order_imports.synced_isof_status': { max: 100, rule: 'an ISOF status name (STATUSY_ZAMOWIEN.NAZWA, nvarchar(100))' },
  'idosell_order_imports.last_sent_status': { max: MAPPING_TEXT.idosellStatus.max, rule: 'order-import: fitText; status sync: a mapped status (MAPPING_TEXT)' },
};

let db: TempDb;
beforeAll(async () => {
  db = await openTempDb('isof-bounds-');
});
afterAll(() => db.cleanup());

function boundedColumns(): Map<string, number> {
  const out = new Map<string, number>();
  for (const md of db.ds.entityMetadatas) {
    for (const c of md.columns) {
      if (c.length && /^\d+$/.test(String(c.length))) out.set(`${md.tableName}.${c.databaseName}`, Number(c.length));
    }
  }
  return out;
}

test('every bounded column of every entity has a rule in this table, and no row is left behind', () => {
  const columns = boundedColumns();
  expect(columns.size).toBeGreaterThan(40);
  expect([...columns.keys()].filter((k) => !(k in RULES))).toEqual([]);
  expect(Object.keys(RULES).filter((k) => !columns.has(k))).toEqual([]);
});

test("each rule's longest value fits its column", () => {
  const columns = boundedColumns();
  const over = Object.entries(RULES)
    .filter(([k, r]) => r.max > (columns.get(k) ?? Infinity))
    .map(([k, r]) => `${k}: ${r.rule} lets ${r.max} through, the column holds ${columns.get(k)}`);
  expect(over).toEqual([]);
});

test('the lengths the code fits to are the entities\' own', () => {
  const columns = boundedColumns();
  expect([ITEM_REF_MAX, ITEM_ERROR_CODE_MAX]).toEqual([columns.get('idosell_sync_run_items.ref'), columns.get('idosell_sync_run_items.error_code')]);
  expect(ISOF_MAX).toEqual({
    customerName: columns.get('KONTRAHENCI.NAZWA'), email: columns.get('KONTRAHENCI.EMAIL'), taxId: columns.get('KONTRAHENCI.NIP'),
    phone: columns.get('KONTRAHENCI.TELEFON'), street: columns.get('KONTRAHENCI.ULICA'), postalCode: columns.get('KONTRAHENCI.KOD_POCZTOWY'),
    city: columns.get('KONTRAHENCI.MIASTO'), country: columns.get('KONTRAHENCI.KRAJ'), lineCode: columns.get('ZAMOWIENIA_POZYCJE.INDEKS'),
    lineName: columns.get('ZAMOWIENIA_POZYCJE.NAZWA'), currency: columns.get('ZAMOWIENIA.WALUTA'),
  });
  expect(columns.get('KONTRAHENCI.DOST_NAZWA')).toBe(ISOF_MAX.customerName);
});
