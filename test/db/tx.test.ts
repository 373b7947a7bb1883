/**
 * inTransaction's retry of a transaction that lost a deadlock or a lock: on a real SQLite file, with
 * errors shaped as SQL Server's driver raises them (there is no SQL Server here) and a real
 * SQLITE_BUSY from a second connection holding the write lock.
 */
import Database from 'better-sqlite3';
import { QueryFailedError } from 'typeorm';
import { openTempDb, type TempDb } from './temp-db.js';
import { applyPendingMigrations } from '../../src/migrations/runner.js';
import { inTransaction, isRetryableLockError, TX_ATTEMPTS } from '../../src/db/tx.js';
import { IsofCustomer } from '../../src/isof/entities.js';

let db: TempDb;
beforeAll(async () => {
  db = await openTempDb('isof-tx-');
  await applyPendingMigrations(db.ds);
});
afterAll(() => db.cleanup());

/**
 * What TypeORM throws when SQL Server picks the transaction as a deadlock victim: a QueryFailedError
 * whose driverError is mssql's RequestError, which copies tedious's `number` and keeps tedious's
 * error as originalError.
 */
function mssqlError(number: number, message: string): QueryFailedError {
  const tedious = Object.assign(new Error(message), { name: 'RequestError', code: 'EREQUEST', number, state: 51, class: 13 });
  const request = Object.assign(new Error(message), { name: 'RequestError', code: 'EREQUEST', number, originalError: tedious });
  return new QueryFailedError('INSERT INTO "KONTRAHENCI" ...', [], request);
}
const deadlock = () => mssqlError(1205, 'Transaction (Process ID 61) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction.');

const names = async (prefix: string) => (await db.ds.getRepository(IsofCustomer).createQueryBuilder('c')
  .where('c.name LIKE :p', { p: `${prefix}%` }).orderBy('c.id').getMany()).map((c) => c.name);

test('a deadlock thrown on the first attempt rolls that attempt back and runs the whole function again', async () => {
  let attempts = 0;
  const result = await inTransaction(db.ds, async (m) => {
    attempts++;
    await m.getRepository(IsofCustomer).insert({ name: `deadlock-once attempt ${attempts}` });
    if (attempts === 1) throw deadlock();
    return 'done';
  });
  expect(result).toBe('done');
  expect(attempts).toBe(2);
  // The first attempt's row was rolled back with it: only the second attempt's is there.
  expect(await names('deadlock-once')).toEqual(['deadlock-once attempt 2']);
});

test(`a deadlock on every attempt gives up after ${TX_ATTEMPTS} attempts with the deadlock error, nothing written`, async () => {
  let attempts = 0;
  const failure = inTransaction(db.ds, async (m) => {
    attempts++;
    await m.getRepository(IsofCustomer).insert({ name: `deadlock-always ${attempts}` });
    throw deadlock();
  });
  await expect(failure).rejects.toThrow(/chosen as the deadlock victim/);
  expect(attempts).toBe(TX_ATTEMPTS);
  expect(await names('deadlock-always')).toEqual([]);
});

test('a lock timeout (1222) is retried; any other database error (547, a constraint) is not', async () => {
  let attempts = 0;
  await inTransaction(db.ds, async () => {
    attempts++;
    if (attempts === 1) throw mssqlError(1222, 'Lock request time out period exceeded.');
  });
  expect(attempts).toBe(2);

  attempts = 0;
  const constraint = inTransaction(db.ds, async () => {
    attempts++;
    throw mssqlError(547, 'The INSERT statement conflicted with the FOREIGN KEY constraint.');
  });
  await expect(constraint).rejects.toThrow(/FOREIGN KEY/);
  expect(attempts).toBe(1);
});

test('a real SQLITE_BUSY (another connection holds the write lock past the busy timeout) is retried', async () => {
  await db.ds.query('PRAGMA busy_timeout = 20');
  const other = new Database(db.file);
  try {
    other.exec('BEGIN IMMEDIATE');
    other.prepare('INSERT INTO "KONTRAHENCI" ("NAZWA") VALUES (?)').run('busy-other');
    // The first attempt's BEGIN IMMEDIATE meets the other's lock (20 ms busy timeout) and fails; the
    // other connection lets go during the pause before the retry, which then gets the lock.
    setTimeout(() => other.exec('COMMIT'), 0);
    let attempts = 0;
    await inTransaction(db.ds, async (m) => {
      attempts++;
      expect(other.inTransaction).toBe(false);
      await m.getRepository(IsofCustomer).insert({ name: `busy-ours ${attempts}` });
    });
    expect(attempts).toBe(1);
    expect(await names('busy-')).toEqual(['busy-other', 'busy-ours 1']);
  } finally {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    await db.ds.query('PRAGMA busy_timeout = 5000');
  }
});

test('on SQLite a transaction takes the write lock at BEGIN: no other connection writes between its first read and its write', async () => {
  // The case of two server instances on one file: with a deferred BEGIN, a transaction that read
  // first could not write once another connection had committed meanwhile ("database is locked" at
  // once, SQLITE_BUSY_SNAPSHOT, however long the busy timeout), and a retry met the same.
  const other = new Database(db.file);
  other.pragma('busy_timeout = 0');
  const othersWrites: string[] = [];
  try {
    let attempts = 0;
    await inTransaction(db.ds, async (m) => {
      attempts++;
      await m.getRepository(IsofCustomer).countBy({ name: 'immediate-x' });
      try {
        other.prepare('INSERT INTO "KONTRAHENCI" ("NAZWA") VALUES (?)').run(`immediate-other ${attempts}`);
        othersWrites.push('written');
      } catch (err) {
        othersWrites.push((err as { code?: string }).code ?? String(err));
      }
      await m.getRepository(IsofCustomer).insert({ name: `immediate-ours ${attempts}` });
    });
    expect(attempts).toBe(1);
    expect(othersWrites).toEqual(['SQLITE_BUSY']);
    expect(await names('immediate-')).toEqual(['immediate-ours 1']);
  } finally {
    other.close();
  }
});

test('the error shapes: tedious number on the wrapped error or its originalError, SQLite codes and messages', () => {
  expect(isRetryableLockError(deadlock())).toBe(true);
  expect(isRetryableLockError({ originalError: { number: 1205 } })).toBe(true);
  expect(isRetryableLockError({ cause: { code: 'SQLITE_BUSY_SNAPSHOT' } })).toBe(true);
  expect(isRetryableLockError(new Error('SQLITE_ERROR: database is locked'))).toBe(true);
  expect(isRetryableLockError(mssqlError(2627, 'Violation of UNIQUE KEY constraint'))).toBe(false);
  expect(isRetryableLockError(new Error('deadlock'))).toBe(false);
  expect(isRetryableLockError(null)).toBe(false);
});
