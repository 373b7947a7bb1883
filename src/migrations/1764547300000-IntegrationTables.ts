/**
 * The integration's own tables (idosell_*): shops, mappings, export and import records, sync runs
 * and their items, run locks. Unique keys and indexes carry the names the entities declare.
 *
 * The integration tables refer to ISOF rows and to each other by id without foreign keys, as the
 * entities declare them: ISOF's tables are not ours to constrain.
 */
import type { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';
import { T } from '../db/column-types.js';
import {
  portableTable, boolColumn, datetimeColumn, decimalColumn, idColumn, intColumn, sqlString, stringColumn, textColumn,
} from './columns.js';

/** CreateDateColumn / UpdateDateColumn: the driver's own "now" default (datetime('now'), getdate()). */
function nowColumn(queryRunner: QueryRunner, name: string, which: 'create' | 'update'): TableColumnOptions {
  const types = queryRunner.connection.driver.mappedDataTypes;
  return { name, type: T.datetime, isNullable: false, default: which === 'create' ? types.createDateDefault : types.updateDateDefault };
}

function integrationTables(queryRunner: QueryRunner): Table[] {
  return [
    portableTable(queryRunner, {
      name: 'idosell_shops',
      columns: [
        idColumn('id'),
        stringColumn('name', 100),
        stringColumn('api_url', 500),
        stringColumn('api_key_enc', 1000),
        intColumn('idosell_stock_id', { default: '1' }),
        stringColumn('language_id', 3, { default: sqlString('pol') }),
        boolColumn('active', true),
        nowColumn(queryRunner, 'created_at', 'create'),
        nowColumn(queryRunner, 'updated_at', 'update'),
      ],
      indices: [{ name: 'UQ_idosell_shops_name', columnNames: ['name'], isUnique: true }],
    }),
    portableTable(queryRunner, {
      name: 'idosell_price_mappings',
      columns: [
        idColumn('id'),
        intColumn('shop_id'),
        intColumn('price_type_id'),
        stringColumn('idosell_price_field', 30),
      ],
      indices: [{ name: 'UQ_idosell_price_mappings_field', columnNames: ['shop_id', 'idosell_price_field'], isUnique: true }],
    }),
    portableTable(queryRunner, {
      name: 'idosell_payment_mappings',
      columns: [
        idColumn('id'),
        intColumn('shop_id'),
        intColumn('payment_method_id'),
        stringColumn('idosell_payment_form_name', 200),
        stringColumn('form_key', 200),
      ],
      indices: [{ name: 'UQ_idosell_payment_mappings_form', columnNames: ['shop_id', 'form_key'], isUnique: true }],
    }),
    portableTable(queryRunner, {
      name: 'idosell_status_mappings',
      columns: [
        idColumn('id'),
        intColumn('shop_id'),
        stringColumn('isof_status', 100),
        stringColumn('idosell_status', 40),
      ],
      indices: [{ name: 'UQ_idosell_status_mappings_idosell', columnNames: ['shop_id', 'idosell_status'], isUnique: true }],
    }),
    portableTable(queryRunner, {
      name: 'idosell_product_exports',
      columns: [
        idColumn('id'),
        intColumn('shop_id'),
        intColumn('product_id'),
        intColumn('idosell_product_id', { isNullable: true }),
        datetimeColumn('last_exported_at', { isNullable: true }),
        decimalColumn('last_sent_stock', 18, 3, { isNullable: true }),
        datetimeColumn('last_stock_sent_at', { isNullable: true }),
        stringColumn('fields_hash', 64, { isNullable: true }),
        stringColumn('image_hash', 64, { isNullable: true }),
      ],
      indices: [
        { name: 'UQ_idosell_product_exports_shop_product', columnNames: ['shop_id', 'product_id'], isUnique: true },
        { name: 'IX_idosell_product_exports_product', columnNames: ['product_id'] },
      ],
    }),
    portableTable(queryRunner, {
      name: 'idosell_order_imports',
      columns: [
        idColumn('id'),
        intColumn('shop_id'),
        intColumn('order_serial_number'),
        stringColumn('idosell_order_id', 64),
        intColumn('isof_order_id'),
        datetimeColumn('imported_at'),
        boolColumn('incomplete', false),
        stringColumn('synced_isof_status', 100),
        stringColumn('last_sent_status', 40, { isNullable: true }),
        datetimeColumn('status_synced_at', { isNullable: true }),
      ],
      indices: [
        { name: 'UQ_idosell_order_imports_shop_serial', columnNames: ['shop_id', 'order_serial_number'], isUnique: true },
        { name: 'UQ_idosell_order_imports_isof_order', columnNames: ['isof_order_id'], isUnique: true },
      ],
    }),
    portableTable(queryRunner, {
      name: 'idosell_sync_runs',
      columns: [
        idColumn('id'),
        stringColumn('kind', 20),
        intColumn('shop_id'),
        stringColumn('status', 20),
        boolColumn('dry_run', false),
        stringColumn('triggered_by', 100),
        textColumn('params'),
        stringColumn('owner', 100, { isNullable: true }),
        datetimeColumn('created_at'),
        datetimeColumn('started_at', { isNullable: true }),
        datetimeColumn('finished_at', { isNullable: true }),
        datetimeColumn('heartbeat_at', { isNullable: true }),
        intColumn('total', { default: '0' }),
        intColumn('processed', { default: '0' }),
        intColumn('succeeded', { default: '0' }),
        intColumn('failed', { default: '0' }),
        intColumn('skipped', { default: '0' }),
        textColumn('error'),
      ],
      indices: [
        { name: 'IX_idosell_sync_runs_shop_kind', columnNames: ['shop_id', 'kind', 'id'] },
        { name: 'IX_idosell_sync_runs_status', columnNames: ['status'] },
      ],
    }),
    portableTable(queryRunner, {
      name: 'idosell_sync_run_items',
      columns: [
        idColumn('id'),
        intColumn('run_id'),
        stringColumn('ref', 100),
        stringColumn('outcome', 10),
        stringColumn('error_code', 60, { isNullable: true }),
        textColumn('message'),
        textColumn('detail'),
        datetimeColumn('created_at'),
      ],
      indices: [
        { name: 'IX_idosell_sync_run_items_run', columnNames: ['run_id', 'outcome', 'id'] },
        { name: 'IX_idosell_sync_run_items_ref', columnNames: ['ref'] },
      ],
    }),
    portableTable(queryRunner, {
      name: 'idosell_sync_locks',
      columns: [
        intColumn('shop_id', { isPrimary: true }),
        stringColumn('kind', 20, { isPrimary: true }),
        intColumn('run_id'),
        datetimeColumn('acquired_at'),
      ],
    }),
  ];
}

export class IntegrationTables1764547300000 implements MigrationInterface {
  name = 'IntegrationTables1764547300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of integrationTables(queryRunner)) {
      await queryRunner.createTable(table, false, true, true);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of integrationTables(queryRunner).reverse()) {
      await queryRunner.dropTable(table.name, true, true, true);
    }
  }
}
