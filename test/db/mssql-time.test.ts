/**
 * The SQL Server side of the time-zone rules, rendered on TypeORM's real SQL Server driver with a
 * recording stand-in for the `mssql` package (there is no SQL Server here): mssql's real data types,
 * a pool, transactions and requests that record what they are sent and answer from a script.
 * What a real server does with the statements (SYSUTCDATETIME(), the dropped constraint's name) is
 * not checked here.
 */
import type { DataSource as DataSourceType } from 'typeorm';
import type { Class } from '../../src/common/feature-module.js';
import { MssqlRecorder, type Row } from '../helpers/mssql-recorder.js';

// The entities pick their column types (bit, datetime2, ...) from DB_TYPE when their modules load.
process.env.DB_TYPE = 'mssql';
const { DataSource } = await import('typeorm');
const { ShopEntity } = await import('../../src/shops/shop.entity.js');
const { IsofOrder, ISOF_ENTITIES } = await import('../../src/isof/entities.js');
const { ShopService } = await import('../../src/shops/shop.service.js');
const { SecretBox } = await import('../../src/common/crypto.js');
const { ShopConnectionTester } = await import('../../src/shops/shop-connection.js');
const { createLogger } = await import('../../src/common/logger.js');
const { UtcTimestamps1764547600000 } = await import('../../src/migrations/1764547600000-UtcTimestamps.js');

/**
 * A data source on the recording stand-in (test/helpers/mssql-recorder.ts); `answer` gives the rows
 * of a statement (none: the stand-in's own answer). `sent` holds what was sent after initialize().
 */
async function mssqlSource(entities: readonly Class[], answer?: (statement: string) => Row[], schema?: string) {
  const recorder = new MssqlRecorder();
  if (answer) recorder.answer(/^/, (statement) => { const rows = answer(statement); return rows.length ? rows : undefined; });
  const driver = recorder.driver;
  const ds: DataSourceType = new DataSource({
    type: 'mssql', host: 'stand-in', username: 'u', password: 'p', database: 'ISOF', schema,
    options: { useUTC: true, encrypt: true }, driver, entities: [...entities], synchronize: false,
  } as never);
  await ds.initialize();
  // initialize() asked for the login's database and default schema: not part of what a test renders.
  recorder.statements.length = 0;
  return { ds, sent: recorder.statements };
}

describe('SQL Server: UtcTimestamps migration', () => {
  async function render(direction: 'up' | 'down', schema?: string) {
    const { ds, sent } = await mssqlSource([], undefined, schema);
    const runner = ds.createQueryRunner();
    await new UtcTimestamps1764547600000()[direction](runner);
    await runner.release();
    await ds.destroy();
    return sent.map((s) => s.sql);
  }

  test('replaces the getdate() defaults of idosell_shops.created_at/updated_at with SYSUTCDATETIME(), whatever the old constraint is called', async () => {
    const statements = await render('up');
    expect(statements).toHaveLength(5);
    for (const [i, column] of ['created_at', 'updated_at'].entries()) {
      const [drop, add] = [statements[2 * i]!, statements[2 * i + 1]!];
      expect(drop).toContain(`OBJECT_ID(N'[idosell_shops]') AND c.name = N'${column}'`);
      expect(drop).toContain(`IF @df IS NOT NULL EXEC(N'ALTER TABLE [idosell_shops] DROP CONSTRAINT ' + QUOTENAME(@df))`);
      expect(add).toMatch(new RegExp(`^ALTER TABLE \\[idosell_shops\\] ADD CONSTRAINT \\[DF_[0-9a-f]{27}\\] DEFAULT SYSUTCDATETIME\\(\\) FOR \\[${column}\\]$`));
    }
    expect(statements.join('\n')).not.toMatch(/getdate/i);
  });

  test('moves the values written in the server\'s local time to UTC, by the server\'s offset', async () => {
    const statements = await render('up');
    expect(statements[4]).toBe('DECLARE @offset int = DATEDIFF(minute, SYSDATETIME(), SYSUTCDATETIME()); '
      + 'UPDATE [idosell_shops] SET [created_at] = DATEADD(minute, @offset, [created_at]), [updated_at] = DATEADD(minute, @offset, [updated_at])');
  });

  test('names the table in MSSQL_SCHEMA when one is set', async () => {
    const statements = await render('up', 'erp');
    expect(statements[0]).toContain(`OBJECT_ID(N'[erp].[idosell_shops]')`);
    expect(statements[1]).toMatch(/^ALTER TABLE \[erp\]\.\[idosell_shops\] ADD CONSTRAINT/);
    expect(statements[4]).toContain('UPDATE [erp].[idosell_shops] SET');
  });

  test('down moves the values back and restores getdate()', async () => {
    const statements = await render('down');
    expect(statements[0]).toContain('DATEDIFF(minute, SYSUTCDATETIME(), SYSDATETIME())');
    expect(statements.filter((s) => s.includes('DEFAULT getdate() FOR'))).toHaveLength(2);
  });
});

describe('SQL Server: timestamps come from the app, in UTC', () => {
  const row = {
    ShopEntity_id: 7, ShopEntity_name: 'Sklep', ShopEntity_api_url: 'https://sklep.example.com/api/admin/v6',
    ShopEntity_api_key_enc: 'x', ShopEntity_idosell_stock_id: 1, ShopEntity_language_id: 'pol', ShopEntity_active: true,
    ShopEntity_created_at: new Date(), ShopEntity_updated_at: new Date(),
  };
  // A real tester; these tests neither change an address or key nor call a shop (saveWithoutTest).
  const shopOptions = () => ({
    allowPrivateAddresses: false,
    connectionTester: new ShopConnectionTester(
      { connectTimeoutMs: 1000, requestTimeoutMs: 1000, retries: 0, backoffBaseMs: 5, backoffMaxMs: 5, retryAfterMaxS: 1, concurrency: 1, allowPrivateAddresses: false },
      createLogger('silent'),
    ),
  });

  test("updating a shop binds updated_at as the app's instant (datetime2), never the server's CURRENT_TIMESTAMP", async () => {
    const { ds, sent } = await mssqlSource([ShopEntity], (s) => (s.startsWith('SELECT') ? [row] : []));
    const shops = new ShopService(ds, new SecretBox(Buffer.alloc(32, 1)), shopOptions());
    const before = Date.now();
    await shops.update(7, { active: false });
    const update = sent.find((s) => s.sql.startsWith('UPDATE'))!;
    await ds.destroy();
    expect(update.sql).not.toMatch(/CURRENT_TIMESTAMP|getdate/i);
    expect(update.sql).toMatch(/"updated_at" = @\d/);
    const stamp = update.params.find((p) => p.value instanceof Date)!;
    expect((stamp.value as Date).getTime()).toBeGreaterThanOrEqual(before);
    expect((stamp.value as Date).getTime()).toBeLessThanOrEqual(Date.now());
    expect(stamp.declared).toBe('datetime2 (7)');
  });

  test('creating a shop binds created_at and updated_at, so no database default decides them', async () => {
    const { ds, sent } = await mssqlSource([ShopEntity], (s) => (s.includes('INSERT') ? [{ id: 7, created_at: new Date(), updated_at: new Date() }] : s.includes('row_exists') ? [] : [row]));
    const shops = new ShopService(ds, new SecretBox(Buffer.alloc(32, 1)), shopOptions());
    await shops.create({ name: 'Nowy', apiUrl: 'https://nowy.example.com', apiKey: 'idosell-secret-key-ABCDEF-123456', saveWithoutTest: true });
    const insert = sent.find((s) => s.sql.includes('INSERT'))!;
    await ds.destroy();
    expect(insert.sql).toMatch(/"created_at", "updated_at"/);
    expect(insert.sql).not.toMatch(/DEFAULT, DEFAULT|getdate|CURRENT_TIMESTAMP/i);
    expect(insert.params.filter((p) => p.value instanceof Date)).toHaveLength(2);
  });
});

describe('SQL Server: ZAMOWIENIA.DATA is bound as Warsaw wall-clock time', () => {
  test('an order placed at 00:30 on New Year in Warsaw binds a datetime2 whose UTC fields read 2025-01-01 00:30 (tedious useUTC)', async () => {
    const { ds, sent } = await mssqlSource(ISOF_ENTITIES, (s) => (s.includes('INSERT') ? [{ ID_ZAMOWIENIA: 1 }] : []));
    await ds.createQueryBuilder().insert().into(IsofOrder).values({
      number: 'TZ/1', orderedAt: new Date('2024-12-31T23:30:00.000Z'), customerId: null, paymentMethodId: null, statusId: 1,
      totalNet: '1.00', totalGross: '1.23', currency: 'PLN', notes: null,
    }).execute();
    const insert = sent.find((s) => s.sql.includes('INSERT'))!;
    await ds.destroy();
    const data = insert.params.find((p) => p.value instanceof Date)!;
    expect((data.value as Date).toISOString()).toBe('2025-01-01T00:30:00.000Z');
    expect(data.declared).toBe('datetime2 (7)');
  });
});

describe('SQL Server: the orders filter compares ZAMOWIENIA.DATA with wall-clock bounds', () => {
  test("a Warsaw day's from/to instants are bound as that day's 00:00:00.000 and 23:59:59.999", async () => {
    const { OrderService } = await import('../../src/orders/order.service.js');
    const { ds, sent } = await mssqlSource(ISOF_ENTITIES, () => []);
    await new OrderService(ds).ordersPage({ from: new Date('2024-12-31T23:00:00.000Z'), to: new Date('2025-01-01T22:59:59.999Z') }, 10, null);
    await ds.destroy();
    const filtered = sent.filter((s) => s.sql.includes('"DATA" >='));
    expect(filtered.length).toBeGreaterThan(0);
    for (const s of filtered) {
      const dates = s.params.filter((p) => p.value instanceof Date).map((p) => (p.value as Date).toISOString());
      expect(dates).toEqual(['2025-01-01T00:00:00.000Z', '2025-01-01T23:59:59.999Z']);
    }
  });
});
