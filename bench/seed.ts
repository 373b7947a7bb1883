/**
 * Builds the benchmark's ISOF: migrations, then the demo catalogue of N products over 3 warehouses
 * (no pictures, so the figures measure the sync and not PNG encoding). Runs in a child process for
 * the CLI, so the seed's memory does not stay in the measured process's RSS.
 */
import { fork } from 'node:child_process';
import { createDataSource } from '../src/db/data-source.js';
import { ENTITIES } from '../src/modules.js';
import { loadConfig } from '../src/config.js';
import { seedDemoIsof } from '../src/seed/demo.js';

export interface SeedSummary {
  products: number;
  inactiveProducts: number;
  stockRows: number;
  seconds: number;
}

export async function seedHere(env: Record<string, string>, products: number): Promise<SeedSummary> {
  const started = performance.now();
  const { dataSource } = createDataSource(loadConfig(env), ENTITIES);
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const r = await seedDemoIsof(dataSource, { products, pictures: false, isofOrders: 30, customers: 200, now: new Date() });
    if (!r.seeded) throw new Error('The benchmark database was not empty, so the demo catalogue was not seeded; give the benchmark a fresh data folder.');
    return { products: r.products, inactiveProducts: r.inactiveProducts, stockRows: r.stockRows, seconds: (performance.now() - started) / 1000 };
  } finally {
    await dataSource.destroy();
  }
}

export async function seedInChild(env: Record<string, string>, products: number): Promise<SeedSummary> {
  const child = fork(new URL('./seed-child.js', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<SeedSummary>((resolve, reject) => {
    let answer: { ok: true; value: SeedSummary } | { ok: false; message: string } | null = null;
    child.on('message', (m) => { answer = m as typeof answer; });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (answer?.ok) resolve(answer.value);
      else reject(new Error(answer ? `Seeding the benchmark database failed: ${answer.message}` : `The seeding process stopped (exit code ${code}) without an answer; look above for its error.`));
    });
    child.send({ env, products });
  });
}
