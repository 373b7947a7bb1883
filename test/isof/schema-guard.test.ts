/**
 * The ISOF schema check end to end on the embedded SQLite: the demo passes; a real alteration of a
 * table the import writes (a column dropped) refuses importOrders with ISOF_SCHEMA_PROBLEM, keeps
 * the reads working, and makes /readyz answer 503 naming the table.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startTestApp, type TestApp } from '../helpers/app.js';

const CHECK = '{ isofSchemaCheck { ok problems { table column message } } }';
const IMPORT = 'mutation($input: ImportOrdersInput!) { importOrders(input: $input) { id status } }';

describe('isofSchemaCheck on the demo', () => {
  let app: TestApp;
  beforeAll(async () => { app = await startTestApp(); });
  afterAll(async () => { await app.close(); });

  test('reports ok with no problems, and /readyz is ready', async () => {
    const r = await app.gql(CHECK);
    expect(r.errors).toBeUndefined();
    expect(r.data.isofSchemaCheck).toEqual({ ok: true, problems: [] });
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
  });
});

describe('a table the import writes has a problem', () => {
  let dir: string;
  let app: TestApp;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isof-schema-guard-'));
    const first = await startTestApp({ dir });
    await first.close();
    // ISOF's line table loses the "foreign line" flag the import writes.
    const db = new Database(path.join(dir, 'isof.sqlite'));
    db.exec('ALTER TABLE "ZAMOWIENIA_POZYCJE" DROP COLUMN "OBCY"');
    db.close();
    app = await startTestApp({ dir });
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('isofSchemaCheck names the table, the column and what to do', async () => {
    const r = await app.gql(CHECK);
    expect(r.data.isofSchemaCheck.ok).toBe(false);
    expect(r.data.isofSchemaCheck.problems).toEqual([{
      table: 'ZAMOWIENIA_POZYCJE', column: 'OBCY',
      message: expect.stringMatching(/Column ZAMOWIENIA_POZYCJE\.OBCY is missing, expected bit\..*src\/isof\/entities\.ts/),
    }]);
  });

  test('importOrders is refused with ISOF_SCHEMA_PROBLEM and a sentence pointing to the check', async () => {
    const shops = await app.gql('{ shops { id } }');
    const shopId = shops.data.shops[0]?.id ?? '1';
    const r = await app.gql(IMPORT, { input: { shopId, period: 'TODAY' } });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'ISOF_SCHEMA_PROBLEM', tables: ['ZAMOWIENIA_POZYCJE'] });
    expect(r.errors?.[0]?.message).toMatch(/importOrders is refused: ISOF's table\(s\) ZAMOWIENIA_POZYCJE .*isofSchemaCheck.*npm run check-isof/);
    const runs = await app.gql('{ syncRuns { totalCount } }');
    expect(runs.data.syncRuns.totalCount).toBe(0);
  });

  test('operations that do not write ISOF keep working', async () => {
    const r = await app.gql('{ products(first: 1) { edges { node { code } } } }');
    expect(r.errors).toBeUndefined();
    expect(r.data.products.edges).toHaveLength(1);
  });

  test('/readyz answers 503 naming the table and the refused operation', async () => {
    const r = await fetch(`${app.url}/readyz`);
    expect(r.status).toBe(503);
    const body = await r.json() as { detail: string };
    expect(body.detail).toMatch(/ISOF schema problems in ZAMOWIENIA_POZYCJE \(written by importOrders, which is refused\)/);
  });
});
