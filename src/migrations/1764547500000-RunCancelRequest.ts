/** cancelSyncRun across server instances: the run's row carries the request that its owner's heartbeat reads. */
import { TableColumn, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { datetimeColumn, stringColumn } from './columns.js';

const COLUMNS: TableColumnOptions[] = [
  datetimeColumn('cancel_requested_at', { isNullable: true }),
  stringColumn('cancelled_by', 100, { isNullable: true }),
];

export class RunCancelRequest1764547500000 implements MigrationInterface {
  name = 'RunCancelRequest1764547500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const driver = queryRunner.connection.driver;
    await queryRunner.addColumns('idosell_sync_runs', COLUMNS.map((c) => new TableColumn({ ...c, type: driver.normalizeType({ type: c.type }) })));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const c of [...COLUMNS].reverse()) await queryRunner.dropColumn('idosell_sync_runs', c.name);
  }
}
