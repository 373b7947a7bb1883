import { Table } from 'typeorm';
import { ENTITIES } from '../../src/modules.js';
import { ISOF_TABLES } from '../../src/isof/entities.js';
import { MIGRATIONS } from '../../src/migrations/index.js';
import {
  appliedMigrationNames, applyPendingMigrations, pendingMigrationNames, revertLastMigration,
} from '../../src/migrations/runner.js';
import { openTempDb, tableNames, type TempDb } from './temp-db.js';

const INTEGRATION_TABLES = [
  'idosell_order_imports', 'idosell_payment_mappings', 'idosell_price_mappings', 'idosell_product_exports',
  'idosell_shops', 'idosell_status_mappings', 'idosell_sync_locks', 'idosell_sync_run_items', 'idosell_sync_runs',
  'idosell_customer_links',
];

let db: TempDb;
beforeEach(async () => {
  db = await openTempDb('isof-migrations-');
});
afterEach(async () => {
  await db.cleanup();
});

async function schemaDiff(): Promise<string[]> {
  const log = await db.ds.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}

describe('migrations', () => {
  test('MIGRATIONS lists IsofTables, IntegrationTables, CustomerLinks, RunCancelRequest, UtcTimestamps, Schedules, with TypeORM timestamp names', () => {
    expect(MIGRATIONS.map((m) => m.name)).toEqual(['IsofTables1764547200000', 'IntegrationTables1764547300000', 'CustomerLinks1764547400000', 'RunCancelRequest1764547500000', 'UtcTimestamps1764547600000', 'Schedules1764547700000']);
  });

  test('a fresh database migrated is exactly what the entities describe', async () => {
    expect(await pendingMigrationNames(db.ds)).toEqual(['IsofTables1764547200000', 'IntegrationTables1764547300000', 'CustomerLinks1764547400000', 'RunCancelRequest1764547500000', 'UtcTimestamps1764547600000', 'Schedules1764547700000']);
    const applied = await applyPendingMigrations(db.ds);
    expect(applied).toEqual(['IsofTables1764547200000', 'IntegrationTables1764547300000', 'CustomerLinks1764547400000', 'RunCancelRequest1764547500000', 'UtcTimestamps1764547600000', 'Schedules1764547700000']);

    const tables = await tableNames(db.ds);
    for (const name of [...Object.values(ISOF_TABLES), ...INTEGRATION_TABLES]) expect(tables).toContain(name);
    expect(db.ds.entityMetadatas).toHaveLength(ENTITIES.length);

    const diff = await schemaDiff();
    if (diff.length > 0) {
      throw new Error(`The migrated schema differs from the entities; TypeORM would run:\n${diff.join(';\n')}`);
    }
    expect(diff).toEqual([]);
  });

  test('the schema has the entities\' named unique keys, indexes and foreign keys', async () => {
    await applyPendingMigrations(db.ds);
    const indexes: Array<{ name: string; tbl_name: string; sql: string }> = await db.ds.query(
      "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
    );
    const byName = new Map(indexes.map((i) => [i.name, i]));
    for (const meta of db.ds.entityMetadatas) {
      for (const index of meta.indices) {
        const found = byName.get(index.name!);
        expect(found?.tbl_name).toBe(meta.tableName);
        expect(found!.sql.startsWith(index.isUnique ? 'CREATE UNIQUE INDEX' : 'CREATE INDEX')).toBe(true);
      }
    }
    const fks: Array<{ table: string; from: string; on_delete: string }> = await db.ds.query(
      "SELECT * FROM pragma_foreign_key_list('CENY')",
    );
    expect(fks.find((f) => f.from === 'ID_TOWARU')).toMatchObject({ table: 'TOWARY', on_delete: 'CASCADE' });
    expect(fks.find((f) => f.from === 'ID_RODZAJU_CENY')).toMatchObject({ table: 'RODZAJE_CEN', on_delete: 'NO ACTION' });
    // The unique key that makes a second import of one order impossible.
    await db.ds.query(
      "INSERT INTO idosell_order_imports (shop_id, order_serial_number, idosell_order_id, isof_order_id, imported_at, synced_isof_status) VALUES (1, 7, 'a', 1, '2026-01-01', 'Nowe')",
    );
    await expect(db.ds.query(
      "INSERT INTO idosell_order_imports (shop_id, order_serial_number, idosell_order_id, isof_order_id, imported_at, synced_isof_status) VALUES (1, 7, 'a', 2, '2026-01-01', 'Nowe')",
    )).rejects.toThrow(/UNIQUE/);
  });

  test('running the migrations a second time applies nothing and changes nothing', async () => {
    await applyPendingMigrations(db.ds);
    const tablesBefore = await tableNames(db.ds);
    expect(await pendingMigrationNames(db.ds)).toEqual([]);
    expect(await applyPendingMigrations(db.ds)).toEqual([]);
    expect(await tableNames(db.ds)).toEqual(tablesBefore);
    expect(await appliedMigrationNames(db.ds)).toEqual(['IsofTables1764547200000', 'IntegrationTables1764547300000', 'CustomerLinks1764547400000', 'RunCancelRequest1764547500000', 'UtcTimestamps1764547600000', 'Schedules1764547700000']);
    expect(await schemaDiff()).toEqual([]);
  });

  test('down reverts Schedules, UtcTimestamps (nothing to undo on SQLite), RunCancelRequest, CustomerLinks, IntegrationTables, then IsofTables, and up again rebuilds the same schema', async () => {
    await applyPendingMigrations(db.ds);

    expect(await revertLastMigration(db.ds)).toBe('Schedules1764547700000');
    expect(await tableNames(db.ds)).not.toContain('idosell_schedules');
    // What the entities have beyond the schema now is the schedules table alone.
    const missing = await schemaDiff();
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.filter((sql) => !/"idosell_schedules"/.test(sql))).toEqual([]);
    expect(await revertLastMigration(db.ds)).toBe('UtcTimestamps1764547600000');
    expect((await schemaDiff()).filter((sql) => !/"idosell_schedules"/.test(sql))).toEqual([]);

    expect(await revertLastMigration(db.ds)).toBe('RunCancelRequest1764547500000');
    const runColumns = (await db.ds.query(`PRAGMA table_info('idosell_sync_runs')`)).map((c: { name: string }) => c.name);
    expect(runColumns).not.toContain('cancel_requested_at');
    expect(runColumns).not.toContain('cancelled_by');
    expect(runColumns).toContain('heartbeat_at');

    expect(await revertLastMigration(db.ds)).toBe('CustomerLinks1764547400000');
    expect(await tableNames(db.ds)).not.toContain('idosell_customer_links');
    expect(await revertLastMigration(db.ds)).toBe('IntegrationTables1764547300000');
    let tables = await tableNames(db.ds);
    for (const name of INTEGRATION_TABLES) expect(tables).not.toContain(name);
    expect(tables).toContain(ISOF_TABLES.product);

    expect(await revertLastMigration(db.ds)).toBe('IsofTables1764547200000');
    tables = await tableNames(db.ds);
    for (const name of Object.values(ISOF_TABLES)) expect(tables).not.toContain(name);
    expect(await revertLastMigration(db.ds)).toBeNull();

    expect(await applyPendingMigrations(db.ds)).toHaveLength(6);
    expect(await schemaDiff()).toEqual([]);
  });

  test('IsofTables leaves a table that already exists, with its rows, alone', async () => {
    // As on a real ISOF database: the product table is there before the integration is installed.
    const qr = db.ds.createQueryRunner();
    await qr.createTable(new Table({
      name: ISOF_TABLES.product,
      columns: [
        { name: 'ID_TOWARU', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'INDEKS', type: 'nvarchar', length: '50' },
        { name: 'NAZWA', type: 'nvarchar', length: '255' },
        { name: 'OPIS', type: 'text', isNullable: true },
        { name: 'STAWKA_VAT', type: 'decimal', precision: 5, scale: 2 },
        { name: 'JM', type: 'nvarchar', length: '10', default: "'szt.'" },
        { name: 'AKTYWNY', type: 'boolean', default: '1' },
        { name: 'ZDJECIE', type: 'blob', isNullable: true },
        // A column of ISOF's that the integration knows nothing of.
        { name: 'KOD_KRESKOWY', type: 'nvarchar', length: '20', isNullable: true },
      ],
    }));
    await qr.release();
    await db.ds.query(`INSERT INTO TOWARY (INDEKS, NAZWA, STAWKA_VAT, KOD_KRESKOWY) VALUES ('ISOF-1', 'Towar z ISOF', 23, '5901234123457')`);

    await applyPendingMigrations(db.ds);

    const rows: Array<{ INDEKS: string }> = await db.ds.query('SELECT INDEKS, KOD_KRESKOWY FROM TOWARY');
    expect(rows).toEqual([{ INDEKS: 'ISOF-1', KOD_KRESKOWY: '5901234123457' }]);
    // The pre-existing table was not rebuilt: it has no unique index of ours.
    const idx: unknown[] = await db.ds.query("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'UQ_TOWARY_INDEKS'");
    expect(idx).toEqual([]);
    // Everything else was created.
    const tables = await tableNames(db.ds);
    for (const name of [...Object.values(ISOF_TABLES), ...INTEGRATION_TABLES]) expect(tables).toContain(name);
  });
});
