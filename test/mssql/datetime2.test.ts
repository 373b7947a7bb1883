/** The SQL Server data source binds an untyped Date parameter as datetime2, not mssql's default datetime. */
import { createRequire } from 'node:module';
import { mssqlOptions } from '../../src/db/data-source.js';
import { loadConfig } from '../../src/config.js';

const mssql = createRequire(import.meta.url)('mssql') as { getTypeByValue(v: unknown): unknown; DateTime: unknown; DateTime2: unknown };

test('mssql infers datetime for a Date until the data source is built, datetime2 after', () => {
  expect(mssql.getTypeByValue(new Date())).toBe(mssql.DateTime);
  const config = loadConfig({ DB_TYPE: 'mssql', MSSQL_HOST: 'db', MSSQL_DATABASE: 'ISOF', MSSQL_USER: 'u', MSSQL_PASSWORD: 'p', SECRET_KEY: 'a'.repeat(64) });
  const options = mssqlOptions(config.db.mssql!) as { driver?: typeof mssql };
  expect(options.driver).toBe(mssql);
  expect(mssql.getTypeByValue(new Date())).toBe(mssql.DateTime2);
});
