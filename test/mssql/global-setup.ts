/**
 * `npm run test:mssql`: fails at once without a server to talk to, and gives the run its id (the
 * prefix of its database names). Imports nothing relative: jest loads it with Node's own resolver.
 */
import crypto from 'node:crypto';

export default function globalSetup(): void {
  const missing = ['MSSQL_HOST', 'MSSQL_USER', 'MSSQL_PASSWORD'].filter((k) => !process.env[k]);
  if (missing.length) throw new Error(`npm run test:mssql needs ${missing.join(', ')}: a SQL Server login allowed to CREATE and DROP DATABASE (use a test server, never ISOF's production server).`);
  // Workers start after this and inherit the environment.
  process.env.MSSQL_TEST_RUN = crypto.randomBytes(4).toString('hex');
  process.env.DB_TYPE = 'mssql';
}
