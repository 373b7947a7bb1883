/**
 * ISOF's own tables (products, prices, stock, customers, orders ...).
 *
 * They are created ONLY on the embedded default (SQLite: the demo and the tests), each one when
 * `hasTable` says it is absent. On SQL Server they belong to ISOF: this migration creates, alters
 * and drops nothing there (neither `up` nor `down`), because a table "missing" to this login (its
 * default schema is not ISOF's, a table was renamed) would otherwise become an empty shadow table
 * that the server then reads (stock 0 sent to every shop). The server checks ISOF's real tables
 * instead (src/isof/schema-check.ts, `npm run check-isof`).
 *
 * Foreign key names are the ones TypeORM's default naming strategy gives the entities' relations
 * (src/isof/entities.ts), so that the schema built here is exactly what the entities describe.
 */
import { type MigrationInterface, type QueryRunner, type TableColumnOptions, type TableForeignKeyOptions, type TableIndexOptions } from 'typeorm';
import { ISOF_TABLES as N } from '../isof/entities.js';
import {
  portableTable, blobColumn, boolColumn, datetimeColumn, decimalColumn, idColumn, intColumn, sqlString, stringColumn, textColumn,
} from './columns.js';

interface TableSpec {
  name: string;
  columns: TableColumnOptions[];
  indices?: TableIndexOptions[];
  foreignKeys?: TableForeignKeyOptions[];
}

/** In creation order: a table comes after every table it references. */
const ISOF_SCHEMA: TableSpec[] = [
  {
    name: N.product,
    columns: [
      idColumn('ID_TOWARU'),
      stringColumn('INDEKS', 50),
      stringColumn('NAZWA', 255),
      textColumn('OPIS'),
      decimalColumn('STAWKA_VAT', 5, 2),
      stringColumn('JM', 10, { default: sqlString('szt.') }),
      boolColumn('AKTYWNY', true),
      blobColumn('ZDJECIE'),
    ],
    indices: [{ name: 'UQ_TOWARY_INDEKS', columnNames: ['INDEKS'], isUnique: true }],
  },
  {
    name: N.priceType,
    columns: [
      idColumn('ID_RODZAJU_CENY'),
      stringColumn('NAZWA', 100),
      intColumn('KOLEJNOSC', { default: '0' }),
    ],
  },
  {
    name: N.price,
    columns: [
      idColumn('ID_CENY'),
      intColumn('ID_TOWARU'),
      intColumn('ID_RODZAJU_CENY'),
      decimalColumn('CENA_NETTO', 18, 2),
      decimalColumn('CENA_BRUTTO', 18, 2),
      stringColumn('WALUTA', 3, { default: sqlString('PLN') }),
    ],
    indices: [{ name: 'UQ_CENY_TOWAR_RODZAJ', columnNames: ['ID_TOWARU', 'ID_RODZAJU_CENY'], isUnique: true }],
    foreignKeys: [
      { name: 'FK_ba2c0cf26bdfdc744e1089a74db', columnNames: ['ID_TOWARU'], referencedTableName: N.product, referencedColumnNames: ['ID_TOWARU'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' },
      { name: 'FK_9e5da08e47880129a5988697484', columnNames: ['ID_RODZAJU_CENY'], referencedTableName: N.priceType, referencedColumnNames: ['ID_RODZAJU_CENY'], onDelete: 'NO ACTION', onUpdate: 'NO ACTION' },
    ],
  },
  {
    name: N.warehouse,
    columns: [
      idColumn('ID_MAGAZYNU'),
      stringColumn('SYMBOL', 20),
      stringColumn('NAZWA', 100),
    ],
    indices: [{ name: 'UQ_MAGAZYNY_SYMBOL', columnNames: ['SYMBOL'], isUnique: true }],
  },
  {
    name: N.stock,
    columns: [
      idColumn('ID_STANU'),
      intColumn('ID_TOWARU'),
      intColumn('ID_MAGAZYNU'),
      decimalColumn('ILOSC', 18, 3),
    ],
    indices: [{ name: 'UQ_STANY_TOWAR_MAGAZYN', columnNames: ['ID_TOWARU', 'ID_MAGAZYNU'], isUnique: true }],
    foreignKeys: [
      { name: 'FK_3bb05fe086aff6fe909bd989df7', columnNames: ['ID_TOWARU'], referencedTableName: N.product, referencedColumnNames: ['ID_TOWARU'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' },
      { name: 'FK_bb9aaf2ee9dd64206d52fb85d15', columnNames: ['ID_MAGAZYNU'], referencedTableName: N.warehouse, referencedColumnNames: ['ID_MAGAZYNU'], onDelete: 'NO ACTION', onUpdate: 'NO ACTION' },
    ],
  },
  {
    name: N.customer,
    columns: [
      idColumn('ID_KONTRAHENTA'),
      stringColumn('NAZWA', 255),
      stringColumn('EMAIL', 255, { isNullable: true }),
      stringColumn('NIP', 20, { isNullable: true }),
      stringColumn('TELEFON', 40, { isNullable: true }),
      stringColumn('ULICA', 255, { isNullable: true }),
      stringColumn('KOD_POCZTOWY', 12, { isNullable: true }),
      stringColumn('MIASTO', 100, { isNullable: true }),
      stringColumn('KRAJ', 2, { isNullable: true }),
      stringColumn('DOST_NAZWA', 255, { isNullable: true }),
      stringColumn('DOST_ULICA', 255, { isNullable: true }),
      stringColumn('DOST_KOD_POCZTOWY', 12, { isNullable: true }),
      stringColumn('DOST_MIASTO', 100, { isNullable: true }),
      stringColumn('DOST_KRAJ', 2, { isNullable: true }),
    ],
    indices: [
      { name: 'IX_KONTRAHENCI_EMAIL', columnNames: ['EMAIL'] },
      { name: 'IX_KONTRAHENCI_NIP', columnNames: ['NIP'] },
    ],
  },
  {
    name: N.paymentMethod,
    columns: [
      idColumn('ID_FORMY'),
      stringColumn('NAZWA', 100),
    ],
  },
  {
    name: N.orderStatus,
    columns: [
      idColumn('ID_STATUSU'),
      stringColumn('NAZWA', 100),
      intColumn('KOLEJNOSC', { default: '0' }),
    ],
    indices: [{ name: 'UQ_STATUSY_NAZWA', columnNames: ['NAZWA'], isUnique: true }],
  },
  {
    name: N.order,
    columns: [
      idColumn('ID_ZAMOWIENIA'),
      stringColumn('NUMER', 40),
      datetimeColumn('DATA'),
      intColumn('ID_KONTRAHENTA', { isNullable: true }),
      intColumn('ID_FORMY', { isNullable: true }),
      intColumn('ID_STATUSU'),
      decimalColumn('WARTOSC_NETTO', 18, 2),
      decimalColumn('WARTOSC_BRUTTO', 18, 2),
      stringColumn('WALUTA', 3, { default: sqlString('PLN') }),
      textColumn('UWAGI'),
    ],
    indices: [
      { name: 'UQ_ZAMOWIENIA_NUMER', columnNames: ['NUMER'], isUnique: true },
      { name: 'IX_ZAMOWIENIA_DATA', columnNames: ['DATA'] },
    ],
    foreignKeys: [
      { name: 'FK_f316e1591b858d8c5942176919d', columnNames: ['ID_KONTRAHENTA'], referencedTableName: N.customer, referencedColumnNames: ['ID_KONTRAHENTA'], onDelete: 'NO ACTION', onUpdate: 'NO ACTION' },
      { name: 'FK_b302eb00295af714353b048fda6', columnNames: ['ID_FORMY'], referencedTableName: N.paymentMethod, referencedColumnNames: ['ID_FORMY'], onDelete: 'NO ACTION', onUpdate: 'NO ACTION' },
      { name: 'FK_3b043a9cc3032d1d4608d71686c', columnNames: ['ID_STATUSU'], referencedTableName: N.orderStatus, referencedColumnNames: ['ID_STATUSU'], onDelete: 'NO ACTION', onUpdate: 'NO ACTION' },
    ],
  },
  {
    name: N.orderLine,
    columns: [
      idColumn('ID_POZYCJI'),
      intColumn('ID_ZAMOWIENIA'),
      intColumn('LP'),
      intColumn('ID_TOWARU', { isNullable: true }),
      stringColumn('INDEKS', 50),
      stringColumn('NAZWA', 255),
      decimalColumn('ILOSC', 18, 3),
      decimalColumn('CENA_NETTO', 18, 2),
      decimalColumn('CENA_BRUTTO', 18, 2),
      decimalColumn('STAWKA_VAT', 5, 2),
      boolColumn('OBCY', false),
    ],
    indices: [{ name: 'IX_POZYCJE_ZAMOWIENIE', columnNames: ['ID_ZAMOWIENIA', 'LP'] }],
    foreignKeys: [
      { name: 'FK_29f3a613751e2ecdb86b4967184', columnNames: ['ID_ZAMOWIENIA'], referencedTableName: N.order, referencedColumnNames: ['ID_ZAMOWIENIA'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' },
      { name: 'FK_ae0baa5c0343403c9353d8dc45d', columnNames: ['ID_TOWARU'], referencedTableName: N.product, referencedColumnNames: ['ID_TOWARU'], onDelete: 'NO ACTION', onUpdate: 'NO ACTION' },
    ],
  },
];

/** The embedded default, the only database whose ISOF tables this integration owns. */
function isEmbedded(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.driver.options.type === 'better-sqlite3';
}

export class IsofTables1764547200000 implements MigrationInterface {
  name = 'IsofTables1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (!isEmbedded(queryRunner)) return;
    for (const spec of ISOF_SCHEMA) {
      if (await queryRunner.hasTable(spec.name)) continue;
      await queryRunner.createTable(portableTable(queryRunner, spec), false, true, true);
    }
  }

  /**
   * Drops ISOF's tables ONLY on SQLite, the embedded default, where this migration is the one
   * that made them. On SQL Server the tables are ISOF's real data, which a migration of this
   * integration must never destroy: there `down` leaves them in place.
   */
  async down(queryRunner: QueryRunner): Promise<void> {
    if (!isEmbedded(queryRunner)) return;
    for (const spec of [...ISOF_SCHEMA].reverse()) {
      if (await queryRunner.hasTable(spec.name)) await queryRunner.dropTable(spec.name, false, true, true);
    }
  }
}
