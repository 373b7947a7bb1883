/** Multi-row INSERT and CASE UPDATE over the entities' metadata, chunked under SQL Server's limits. */
import { openTempDb, type TempDb } from './temp-db.js';
import { applyPendingMigrations } from '../../src/migrations/runner.js';
import { bulkInsert, bulkUpdate } from '../../src/db/bulk.js';
import { ProductExportEntity } from '../../src/products/product-export.entity.js';
import { MSSQL_MAX_PARAMS } from '../../src/common/chunk.js';

let db: TempDb;
beforeAll(async () => {
  db = await openTempDb('isof-bulk-');
  await applyPendingMigrations(db.ds);
});
afterAll(() => db.cleanup());

test('5,000 rows go in as a few statements, each under 2,100 parameters and 1,000 rows, and read back exactly', async () => {
  const sizes: number[] = [];
  const original = db.ds.manager.query.bind(db.ds.manager);
  db.ds.manager.query = (async (sql: string, params?: unknown[]) => {
    sizes.push(params?.length ?? 0);
    expect((sql.match(/\),\s*\(/g)?.length ?? 0) + 1).toBeLessThanOrEqual(1000);
    return original(sql, params);
  }) as typeof db.ds.manager.query;
  try {
    const when = new Date('2026-11-30T10:20:30.456Z');
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      shopId: 1, productId: i + 1, idosellProductId: i % 7 === 0 ? null : 1000 + i, lastExportedAt: when,
      lastSentStock: i % 3 === 0 ? 0 : i / 8, lastStockSentAt: when, fieldsHash: `h${i}`, imageHash: null,
    }));
    await bulkInsert(db.ds.manager, ProductExportEntity, rows);
    expect(sizes.length).toBeGreaterThan(1);
    expect(sizes.length).toBeLessThanOrEqual(Math.ceil(5000 / Math.floor(2000 / 8)));
    for (const n of sizes) expect(n).toBeLessThan(MSSQL_MAX_PARAMS);
    const back = await db.ds.getRepository(ProductExportEntity).find({ order: { productId: 'ASC' } });
    expect(back).toHaveLength(5000);
    expect(back[0]).toMatchObject({ productId: 1, idosellProductId: null, lastSentStock: 0, fieldsHash: 'h0' });
    expect(back[4999]).toMatchObject({ productId: 5000, idosellProductId: 5999, lastSentStock: 4999 / 8, fieldsHash: 'h4999' });
    expect(back[10]!.lastExportedAt!.toISOString()).toBe(when.toISOString());

    sizes.length = 0;
    const later = new Date('2026-12-01T08:00:00.000Z');
    const updates = back.filter((r) => r.productId % 2 === 0).map((r) => ({ id: r.id, lastSentStock: r.productId * 2, fieldsHash: `u${r.productId}` }));
    await bulkUpdate(db.ds.manager, ProductExportEntity, 'id', updates, { lastStockSentAt: later });
    for (const n of sizes) expect(n).toBeLessThan(MSSQL_MAX_PARAMS);
    const after = await db.ds.getRepository(ProductExportEntity).find({ order: { productId: 'ASC' } });
    expect(after[1]).toMatchObject({ productId: 2, lastSentStock: 4, fieldsHash: 'u2' });
    expect(after[1]!.lastStockSentAt!.toISOString()).toBe(later.toISOString());
    expect(after[0]).toMatchObject({ productId: 1, lastSentStock: 0, fieldsHash: 'h0' });
    expect(after[0]!.lastStockSentAt!.toISOString()).toBe(when.toISOString());
  } finally {
    db.ds.manager.query = original;
  }
});
