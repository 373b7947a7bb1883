/**
 * `npm run bench`: builds its own data, runs every phase, prints one table and writes
 * bench/results.json. Flags: --products N (10000) --latency MS (20) --duration S (10) --orders N (1000)
 * --small-orders N (200) --connections N (10) --skip-load --compare-memory --out FILE.
 * --compare-memory also runs N=10,000 and N=100,000 in child processes (clean RSS) and compares
 * their peak RSS. --child-out FILE is how those children are started (results as JSON, no table).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_OPTIONS, formatTable, runBench, type BenchOptions } from './harness.js';

export class UsageError extends Error {}

export function parseArgs(argv: string[]): { opts: BenchOptions; out: string | null; childOut: string | null } {
  const opts: BenchOptions = { ...DEFAULT_OPTIONS };
  let out: string | null = null;
  let childOut: string | null = null;
  const numbers: Record<string, keyof BenchOptions> = {
    '--products': 'products', '--latency': 'latencyMs', '--duration': 'durationS', '--orders': 'orders',
    '--small-orders': 'smallOrders', '--connections': 'connections', '--scheduler-shops': 'schedulerShops', '--scheduler-history': 'schedulerHistory',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a in numbers) {
      const text = argv[++i];
      const n = Number(text);
      if (text === undefined || !Number.isInteger(n) || n < 0) throw new UsageError(`${a} needs a whole number (e.g. ${a} 100), got "${text ?? ''}".`);
      (opts[numbers[a]!] as number) = n;
    } else if (a === '--skip-load') opts.skipLoad = true;
    else if (a === '--compare-memory') opts.compareMemory = true;
    else if (a === '--out' || a === '--child-out') {
      const file = argv[++i];
      if (!file) throw new UsageError(`${a} needs a file name.`);
      if (a === '--out') out = file;
      else childOut = file;
    } else throw new UsageError(`Unknown option "${a}". Use --products N --latency MS --duration S --orders N --small-orders N --connections N --scheduler-shops N --scheduler-history N --skip-load --compare-memory --out FILE.`);
  }
  if (opts.products < 300) throw new UsageError('--products must be at least 300, so that every phase has products to work on.');
  if (opts.orders < 1 || opts.smallOrders < 1) throw new UsageError('--orders and --small-orders must be at least 1.');
  if (opts.durationS < 1 && !opts.skipLoad) throw new UsageError('--duration must be at least 1 second (or leave the load phase out with --skip-load).');
  return { opts, out, childOut };
}

async function main(): Promise<void> {
  const { opts, out, childOut } = parseArgs(process.argv.slice(2));
  if (childOut) {
    const r = await runBench({ ...opts, compareMemory: false, progress: (s) => console.error(`[N=${opts.products}] ${s}`) });
    fs.writeFileSync(childOut, JSON.stringify(r));
    return;
  }
  const results = await runBench({ ...opts, progress: (s) => console.error(s) });
  const table = formatTable(results);
  console.log(`\n${table}`);
  const file = out ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bench/results.json');
  fs.writeFileSync(file, `${JSON.stringify({ ...results, table }, null, 2)}\n`);
  console.error(`\nResults written to ${file}`);
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err instanceof UsageError ? err.message : err);
  process.exit(err instanceof UsageError ? 2 : 1);
});
