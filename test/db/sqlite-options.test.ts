/** The embedded database's connection settings: WAL, and commits that wait for the disk only when asked. */
import { openTempDb } from './temp-db.js';

async function pragmas(env: Record<string, string>): Promise<{ journal: string; synchronous: number }> {
  const db = await openTempDb('isof-pragma-', env);
  try {
    const [journal] = await db.ds.query('PRAGMA journal_mode');
    const [sync] = await db.ds.query('PRAGMA synchronous');
    return { journal: String(journal.journal_mode), synchronous: Number(sync.synchronous) };
  } finally {
    await db.cleanup();
  }
}

test('by default the file is in WAL mode with synchronous NORMAL (1): a commit does not wait for fsync', async () => {
  expect(await pragmas({})).toEqual({ journal: 'wal', synchronous: 1 });
});

test('SQLITE_SYNCHRONOUS=FULL makes every commit wait for the disk (2)', async () => {
  expect(await pragmas({ SQLITE_SYNCHRONOUS: 'FULL' })).toEqual({ journal: 'wal', synchronous: 2 });
});
