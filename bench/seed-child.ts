/** Seeds the benchmark database in its own process (forked by seed.ts). */
import { seedHere } from './seed.js';

if (!process.send) {
  console.error('seed-child is started by the benchmark (npm run bench), not by hand.');
  process.exit(2);
}
process.once('message', async (m) => {
  const { env, products } = m as { env: Record<string, string>; products: number };
  try {
    const value = await seedHere(env, products);
    process.send!({ ok: true, value }, () => process.exit(0));
  } catch (err) {
    process.send!({ ok: false, message: err instanceof Error ? err.message : String(err) }, () => process.exit(1));
  }
});
