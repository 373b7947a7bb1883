/**
 * The integration's own timestamps are UTC on both databases. The app writes them itself (instants),
 * but the shop's created_at / updated_at also had a database default, TypeORM's getdate() on SQL
 * Server: the server's local time, read back as UTC (tedious useUTC), so 1-2 h off on a server in
 * Polish time. On SQL Server this replaces those defaults with SYSUTCDATETIME() and moves the values
 * already written from the server's local time to UTC. SQLite's default, datetime('now'), is UTC
 * already, and TypeORM reads SQLite's text as UTC: nothing to do there.
 *
 * The existing values are moved by the server's offset at the time of the migration, which is exact
 * for rows written in the same DST season and one hour off for the others: getdate() kept no offset.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'idosell_shops';
const COLUMNS = ['created_at', 'updated_at'] as const;

/** `[schema].[table]`, as OBJECT_ID and ALTER TABLE take it; MSSQL_SCHEMA when set, else the login's default. */
function tablePath(queryRunner: QueryRunner): string {
  const bracket = (name: string) => `[${name.replaceAll(']', ']]')}]`;
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  return schema ? `${bracket(schema)}.${bracket(TABLE)}` : bracket(TABLE);
}

/**
 * The statements that make `column` default to `now`. The old default constraint is dropped by
 * whatever name it has (found in sys.default_constraints); the new one gets TypeORM's own name for
 * it, so that TypeORM can change it later.
 */
export function mssqlDefaultStatements(queryRunner: QueryRunner, column: string, now: string): string[] {
  const path = tablePath(queryRunner);
  const literal = (text: string) => `N'${text.replaceAll("'", "''")}'`;
  const name = queryRunner.connection.namingStrategy.defaultConstraintName(TABLE, column);
  return [
    `DECLARE @df sysname = (SELECT dc.name FROM sys.default_constraints dc JOIN sys.columns c ON c.object_id = dc.parent_object_id AND c.column_id = dc.parent_column_id`
      + ` WHERE dc.parent_object_id = OBJECT_ID(${literal(path)}) AND c.name = ${literal(column)});`
      + ` IF @df IS NOT NULL EXEC(${literal(`ALTER TABLE ${path} DROP CONSTRAINT `)} + QUOTENAME(@df))`,
    `ALTER TABLE ${path} ADD CONSTRAINT [${name}] DEFAULT ${now} FOR [${column}]`,
  ];
}

/** Moves the columns' values by the server's current offset: `toUtc` from local time to UTC, else back. */
function shiftStatement(queryRunner: QueryRunner, toUtc: boolean): string {
  const [from, to] = toUtc ? ['SYSDATETIME()', 'SYSUTCDATETIME()'] : ['SYSUTCDATETIME()', 'SYSDATETIME()'];
  const sets = COLUMNS.map((c) => `[${c}] = DATEADD(minute, @offset, [${c}])`).join(', ');
  return `DECLARE @offset int = DATEDIFF(minute, ${from}, ${to}); UPDATE ${tablePath(queryRunner)} SET ${sets}`;
}

export class UtcTimestamps1764547600000 implements MigrationInterface {
  name = 'UtcTimestamps1764547600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'mssql') return;
    for (const c of COLUMNS) for (const sql of mssqlDefaultStatements(queryRunner, c, 'SYSUTCDATETIME()')) await queryRunner.query(sql);
    await queryRunner.query(shiftStatement(queryRunner, true));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'mssql') return;
    await queryRunner.query(shiftStatement(queryRunner, false));
    for (const c of COLUMNS) for (const sql of mssqlDefaultStatements(queryRunner, c, 'getdate()')) await queryRunner.query(sql);
  }
}
