/**
 * `npm run test:mssql`: the e2e suite against a real SQL Server (MSSQL_*), each test app on its own
 * throwaway database (test/helpers/mssql-database.ts). Cannot run without a server.
 */
import base from './jest.config.js';

export default {
  ...base,
  roots: ['<rootDir>/test/e2e'],
  globalSetup: '<rootDir>/test/mssql/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/mssql-database.ts',
  // One database server: one test file at a time keeps the load and the lock waits predictable.
  maxWorkers: 1,
};
