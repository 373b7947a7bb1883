/** The shop's client id -> ISOF customer links (idosell_customer_links). */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { idColumn, intColumn, portableTable } from './columns.js';

export class CustomerLinks1764547400000 implements MigrationInterface {
  name = 'CustomerLinks1764547400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(portableTable(queryRunner, {
      name: 'idosell_customer_links',
      columns: [idColumn('id'), intColumn('shop_id'), intColumn('idosell_client_id'), intColumn('customer_id')],
      indices: [{ name: 'UQ_idosell_customer_links_client', columnNames: ['shop_id', 'idosell_client_id'], isUnique: true }],
    }), false, true, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('idosell_customer_links', true, true, true);
  }
}
