/**
 * ISOF's tables as SQL Server's INFORMATION_SCHEMA.COLUMNS (joined with TABLES, plus COLUMNPROPERTY's
 * IsIdentity / IsComputed) returns them for a database that matches src/isof/entities.ts: written by
 * hand, in the shape and spelling SQL Server gives (DATA_TYPE lower case, CHARACTER_MAXIMUM_LENGTH -1
 * for MAX, IS_NULLABLE YES/NO, COLUMN_DEFAULT as the definition text).
 */
import type { InformationSchemaColumnRow } from '../../src/isof/schema-readers.js';

type Spec = [column: string, type: string, length: number | null, nullable: boolean, extra?: Partial<InformationSchemaColumnRow>];

const id = (column: string): Spec => [column, 'int', null, false, { IS_IDENTITY: 1 }];
const TABLES: Record<string, Spec[]> = {
  TOWARY: [id('ID_TOWARU'), ['INDEKS', 'nvarchar', 50, false], ['NAZWA', 'nvarchar', 255, false], ['OPIS', 'nvarchar', -1, true],
    ['STAWKA_VAT', 'decimal', null, false, { NUMERIC_SCALE: 2 }], ['JM', 'nvarchar', 10, false, { COLUMN_DEFAULT: "(N'szt.')" }],
    ['AKTYWNY', 'bit', null, false, { COLUMN_DEFAULT: '((1))' }], ['ZDJECIE', 'varbinary', -1, true]],
  RODZAJE_CEN: [id('ID_RODZAJU_CENY'), ['NAZWA', 'nvarchar', 100, false], ['KOLEJNOSC', 'int', null, false, { COLUMN_DEFAULT: '((0))' }]],
  CENY: [id('ID_CENY'), ['ID_TOWARU', 'int', null, false], ['ID_RODZAJU_CENY', 'int', null, false],
    ['CENA_NETTO', 'decimal', null, false, { NUMERIC_SCALE: 2 }], ['CENA_BRUTTO', 'decimal', null, false, { NUMERIC_SCALE: 2 }],
    ['WALUTA', 'nvarchar', 3, false, { COLUMN_DEFAULT: "(N'PLN')" }]],
  MAGAZYNY: [id('ID_MAGAZYNU'), ['SYMBOL', 'nvarchar', 20, false], ['NAZWA', 'nvarchar', 100, false]],
  STANY: [id('ID_STANU'), ['ID_TOWARU', 'int', null, false], ['ID_MAGAZYNU', 'int', null, false], ['ILOSC', 'decimal', null, false, { NUMERIC_SCALE: 3 }]],
  KONTRAHENCI: [id('ID_KONTRAHENTA'), ['NAZWA', 'nvarchar', 255, false], ['EMAIL', 'nvarchar', 255, true], ['NIP', 'nvarchar', 20, true],
    ['TELEFON', 'nvarchar', 40, true], ['ULICA', 'nvarchar', 255, true], ['KOD_POCZTOWY', 'nvarchar', 12, true], ['MIASTO', 'nvarchar', 100, true],
    ['KRAJ', 'nvarchar', 2, true], ['DOST_NAZWA', 'nvarchar', 255, true], ['DOST_ULICA', 'nvarchar', 255, true],
    ['DOST_KOD_POCZTOWY', 'nvarchar', 12, true], ['DOST_MIASTO', 'nvarchar', 100, true], ['DOST_KRAJ', 'nvarchar', 2, true]],
  FORMY_PLATNOSCI: [id('ID_FORMY'), ['NAZWA', 'nvarchar', 100, false]],
  STATUSY_ZAMOWIEN: [id('ID_STATUSU'), ['NAZWA', 'nvarchar', 100, false], ['KOLEJNOSC', 'int', null, false, { COLUMN_DEFAULT: '((0))' }]],
  ZAMOWIENIA: [id('ID_ZAMOWIENIA'), ['NUMER', 'nvarchar', 40, false], ['DATA', 'datetime2', null, false], ['ID_KONTRAHENTA', 'int', null, true],
    ['ID_FORMY', 'int', null, true], ['ID_STATUSU', 'int', null, false], ['WARTOSC_NETTO', 'decimal', null, false, { NUMERIC_SCALE: 2 }],
    ['WARTOSC_BRUTTO', 'decimal', null, false, { NUMERIC_SCALE: 2 }], ['WALUTA', 'nvarchar', 3, false, { COLUMN_DEFAULT: "(N'PLN')" }],
    ['UWAGI', 'nvarchar', -1, true]],
  ZAMOWIENIA_POZYCJE: [id('ID_POZYCJI'), ['ID_ZAMOWIENIA', 'int', null, false], ['LP', 'int', null, false], ['ID_TOWARU', 'int', null, true],
    ['INDEKS', 'nvarchar', 50, false], ['NAZWA', 'nvarchar', 255, false], ['ILOSC', 'decimal', null, false, { NUMERIC_SCALE: 3 }],
    ['CENA_NETTO', 'decimal', null, false, { NUMERIC_SCALE: 2 }], ['CENA_BRUTTO', 'decimal', null, false, { NUMERIC_SCALE: 2 }],
    ['STAWKA_VAT', 'decimal', null, false, { NUMERIC_SCALE: 2 }], ['OBCY', 'bit', null, false, { COLUMN_DEFAULT: '((0))' }]],
};

/** A fresh copy of the rows of a matching ISOF; tests change them to make one problem each. */
export function goodRows(): InformationSchemaColumnRow[] {
  return Object.entries(TABLES).flatMap(([table, specs]) => specs.map(([column, type, length, nullable, extra]) => ({
    TABLE_NAME: table, TABLE_TYPE: 'BASE TABLE', COLUMN_NAME: column, DATA_TYPE: type, CHARACTER_MAXIMUM_LENGTH: length,
    NUMERIC_SCALE: type === 'int' ? 0 : null, IS_NULLABLE: nullable ? 'YES' as const : 'NO' as const, COLUMN_DEFAULT: null,
    IS_IDENTITY: 0, IS_COMPUTED: 0, ...extra,
  })));
}
