/** Each check of the render test fires on a statement that breaks its rule, and not on a good one. */
import { checkStatement, normaliseStatement } from '../helpers/mssql-checks.js';
import type { BoundParameter, RecordedStatement } from '../helpers/mssql-recorder.js';

const ISOF = ['TOWARY', 'ZAMOWIENIA'];
const p = (value: unknown, type = 'int', extra: Partial<BoundParameter> = {}): BoundParameter => ({ name: '0', declared: type, type, value, ...extra });
const st = (sql: string, params: BoundParameter[] = []): RecordedStatement => ({ sql, params, inTransaction: false, transaction: null });
const check = (sql: string, params: BoundParameter[] = []) => checkStatement(st(sql, params), ISOF);

test('a good statement passes', () => {
  expect(check('SELECT "a" FROM "t" ORDER BY "a" OFFSET 0 ROWS FETCH NEXT 5 ROWS ONLY', [p(1)])).toEqual([]);
});

test('more than 2,100 parameters', () => {
  expect(check('SELECT 1', Array.from({ length: 2101 }, (_, i) => p(i)))[0]).toMatch(/2101 parameters/);
  expect(check('SELECT 1', Array.from({ length: 2100 }, (_, i) => p(i)))).toEqual([]);
});

test('more than 1,000 rows in one INSERT ... VALUES', () => {
  const rows = (n: number) => `INSERT INTO "t" ("a", "b") VALUES ${Array.from({ length: n }, () => "(1, 'x,)')").join(', ')}`;
  expect(check(rows(1001))[0]).toMatch(/1001 rows/);
  expect(check(rows(1000))).toEqual([]);
});

test('OFFSET without ORDER BY', () => {
  expect(check('SELECT "a" FROM "t" OFFSET 0 ROWS FETCH NEXT 5 ROWS ONLY')[0]).toMatch(/OFFSET without ORDER BY/);
  expect(check('SELECT "a" FROM "t" OFFSET @0 ROWS FETCH NEXT @1 ROWS ONLY', [p(1), p(2)])[0]).toMatch(/OFFSET without ORDER BY/);
});

test('a variable named @offset is not the OFFSET clause', () => {
  expect(check('DECLARE @offset int = 60; UPDATE [t] SET [a] = DATEADD(minute, @offset, [a])')).toEqual([]);
});

test.each([
  ['SELECT "a" FROM "t" LIMIT 5', /LIMIT/],
  ['SELECT "a" || "b" FROM "t"', /\|\|/],
  ["UPDATE \"t\" SET \"a\" = datetime('now')", /datetime/],
  ['SELECT IFNULL("a", 0) FROM "t"', /IFNULL/],
  ['INSERT OR IGNORE INTO "t" ("a") VALUES (1)', /INSERT OR/],
  ['INSERT INTO "t" ("a") VALUES (1) ON CONFLICT DO NOTHING', /ON CONFLICT/],
  ['INSERT INTO "t" ("a") VALUES (1) RETURNING "id"', /RETURNING/],
  ['SELECT `a` FROM `t`', /backtick/],
  ['SELECT "a" FROM "t" WHERE "a" GLOB @0', /GLOB/],
])('SQLite-only syntax: %s', (sql, what) => {
  expect(check(sql).join('\n')).toMatch(what);
});

test('SQLite words inside literals and quoted names are not flagged', () => {
  expect(check(`SELECT "LIMIT", 'a || b' FROM "RETURNING" WHERE "x" LIKE 'GLOB%'`)).toEqual([]);
});

test('a Date bound as datetime', () => {
  expect(check('SELECT 1 WHERE "d" >= @0', [p(new Date(), 'datetime')])[0]).toMatch(/bound as datetime, which rounds/);
  expect(check('SELECT 1 WHERE "d" >= @0', [p(new Date(), 'datetime2', { declared: 'datetime2 (7)' })])).toEqual([]);
});

test('a string longer than the nvarchar(n) it is bound to, counted in UTF-16 units', () => {
  const bound = (value: string) => [p(value, 'nvarchar', { declared: 'nvarchar (4)', length: 4 })];
  expect(check('UPDATE "t" SET "a" = @0', bound('😀😀😀'))[0]).toMatch(/6 UTF-16 units long, bound as nvarchar \(4\)/);
  expect(check('UPDATE "t" SET "a" = @0', bound('😀😀'))).toEqual([]);
});

test.each([
  'CREATE TABLE "TOWARY" ("ID_TOWARU" int)',
  'ALTER TABLE "dbo"."ZAMOWIENIA" ADD "X" int',
  'DROP TABLE "TOWARY"',
  'CREATE UNIQUE INDEX "UQ_X" ON "TOWARY" ("INDEKS")',
  'DROP INDEX "IX" ON "ISOF"."dbo"."TOWARY"',
  'CREATE TRIGGER "trg" ON "ZAMOWIENIA" AFTER INSERT AS SELECT 1',
  'ALTER TABLE "TOWARY" ADD CONSTRAINT "FK_X" FOREIGN KEY ("A") REFERENCES "B" ("A")',
])('a change to an ISOF table: %s', (sql) => {
  expect(check(sql).join('\n')).toMatch(/changes ISOF's table/);
});

test('a change to the integration\'s own table is allowed', () => {
  expect(check('CREATE INDEX "IX_a" ON "idosell_sync_runs" ("status")')).toEqual([]);
});

test('the snapshot line does not depend on the batch size', () => {
  expect(normaliseStatement('INSERT INTO "t" ("a", "b") VALUES (@0, @1), (@2, @3)')).toBe(normaliseStatement('INSERT INTO "t" ("a", "b") VALUES (@0, @1)'));
  expect(normaliseStatement('SELECT 1 WHERE "a" IN (@0, @1, @2)')).toBe(normaliseStatement('SELECT 1 WHERE "a" IN (@0, @1)'));
});
