/** A fresh SQLite file in a temporary folder, with the project's own data source options. */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config.js';
import { createDataSource } from '../../src/db/data-source.js';
import { ENTITIES } from '../../src/modules.js';

export interface TempDb {
  ds: DataSource;
  file: string;
  dir: string;
  cleanup: () => Promise<void>;
}

export async function openTempDb(prefix = 'isof-db-', env: Record<string, string> = {}): Promise<TempDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = path.join(dir, 'test.sqlite');
  const config = loadConfig({ NODE_ENV: 'test', DB_TYPE: 'sqlite', DATA_DIR: dir, SQLITE_PATH: file, ...env });
  const { dataSource } = createDataSource(config, ENTITIES);
  await dataSource.initialize();
  return {
    ds: dataSource,
    file,
    dir,
    cleanup: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Table names as SQLite lists them, sorted, without SQLite's own. */
export async function tableNames(ds: DataSource): Promise<string[]> {
  const rows: Array<{ name: string }> = await ds.query(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  return rows.map((r) => r.name);
}
