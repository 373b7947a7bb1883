/** Automatic runs per shop and kind (idosell_schedules); no ISOF table is touched. */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { boolColumn, datetimeColumn, idColumn, intColumn, portableTable, stringColumn } from './columns.js';

export class Schedules1764547700000 implements MigrationInterface {
  name = 'Schedules1764547700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(portableTable(queryRunner, {
      name: 'idosell_schedules',
      columns: [
        idColumn('id'), intColumn('shop_id'), stringColumn('kind', 20), intColumn('every_minutes'),
        boolColumn('enabled', true), boolColumn('include_incomplete', false), datetimeColumn('next_run_at'),
        intColumn('last_run_id', { isNullable: true }), datetimeColumn('created_at'), datetimeColumn('updated_at'),
      ],
      indices: [
        { name: 'UQ_idosell_schedules_shop_kind', columnNames: ['shop_id', 'kind'], isUnique: true },
        // The scheduler's due-time check reads only this index's enabled, due rows: its cost does not grow with the run history.
        { name: 'IX_idosell_schedules_due', columnNames: ['enabled', 'next_run_at'] },
      ],
    }), false, true, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('idosell_schedules', true, true, true);
  }
}
