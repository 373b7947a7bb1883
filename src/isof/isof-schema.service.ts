/**
 * The ISOF schema check as the server uses it: `isofSchemaCheck` and `npm run check-isof` read it,
 * start-up runs it, and its errors on a table the server writes refuse the operations that write
 * that table (the other operations keep working) and make /readyz answer 503.
 */
import type { DataSource } from 'typeorm';
import { DomainError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { compareSchema, expectedSchema, WRITES, WRITTEN_TABLES, type IsofSchemaProblemData, type IsofSchemaReportData } from './schema-check.js';
import { readerFor, type SchemaReader } from './schema-readers.js';

export type IsofWriteOperation = keyof typeof WRITES;

/** Reads and compares once; throws when the database cannot be read. */
export async function checkIsofSchema(ds: DataSource, reader: SchemaReader = readerFor(ds)): Promise<IsofSchemaReportData> {
  const expected = expectedSchema(ds);
  return compareSchema(expected, await reader(ds, expected.map((t) => t.name)));
}

export class IsofSchemaService {
  /** Errors of the last check in the tables the server writes; empty until a check found some. */
  private blocking: IsofSchemaProblemData[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly logger: Logger,
    private readonly reader: SchemaReader = readerFor(ds),
  ) {}

  /** Checks now; the guard then follows this result (a fixed table is writable again without a restart). */
  async check(): Promise<IsofSchemaReportData> {
    let report: IsofSchemaReportData;
    try {
      report = await checkIsofSchema(this.ds, this.reader);
    } catch (err) {
      // Not knowing is not "ok": the written tables stay refused until a check can read them.
      this.logger.error({ err }, 'the ISOF schema check could not read the database');
      const message = `The ISOF schema check could not read the table definitions (${(err as Error).message}). Give the server's login VIEW DEFINITION on ISOF's schema, then run isofSchemaCheck again.`;
      report = { ok: false, schema: '?', problems: WRITTEN_TABLES.map((table) => ({ table, column: null, message, severity: 'error' as const })) };
    }
    this.blocking = report.problems.filter((p) => p.severity === 'error' && WRITTEN_TABLES.includes(p.table));
    return report;
  }

  /** At start: checks and logs what it found. */
  async startupCheck(): Promise<void> {
    const report = await this.check();
    if (report.problems.length) {
      this.logger[report.ok ? 'warn' : 'error']({ problems: report.problems }, report.ok
        ? 'ISOF schema check: warnings (see isofSchemaCheck or npm run check-isof)'
        : 'ISOF schema check found problems (see isofSchemaCheck or npm run check-isof)');
    }
    if (this.blocking.length) {
      this.logger.error({ tables: this.blockedTables() }, 'operations writing these ISOF tables are refused until the problems are fixed');
    }
  }

  private blockedTables(tables: readonly string[] = WRITTEN_TABLES): string[] {
    return [...new Set(this.blocking.map((p) => p.table))].filter((t) => tables.includes(t));
  }

  assertWritable(operation: IsofWriteOperation): void {
    const tables = this.blockedTables(WRITES[operation]);
    if (!tables.length) return;
    throw new DomainError('ISOF_SCHEMA_PROBLEM',
      `${operation} is refused: ISOF's table(s) ${tables.join(', ')} do not match what the server writes, so the inserts would fail or write wrong data. Run the isofSchemaCheck query (or npm run check-isof) to see each problem and what to do, fix them, then run isofSchemaCheck again.`,
      { tables });
  }

  /** For /readyz: not ready while a table the server writes has problems. */
  readiness(): { ok: boolean; detail: string } {
    const tables = this.blockedTables();
    if (!tables.length) return { ok: true, detail: 'ISOF schema check passed for the tables the server writes' };
    return { ok: false, detail: `ISOF schema problems in ${tables.join(', ')} (written by importOrders, which is refused): ${this.blocking.map((p) => p.message).join(' ')}` };
  }
}
