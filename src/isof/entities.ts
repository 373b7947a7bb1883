/**
 * ISOF's own tables, as TypeORM entities. This file is the only place in the project that knows
 * ISOF's table and column names; the README lists the mapping table by table. An installation
 * whose ISOF database spells a name differently changes it here and nowhere else.
 */
import {
  Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn,
} from 'typeorm';
import { T, decimalTransformer, quantityTransformer } from '../db/column-types.js';
import { isofWallClockTransformer } from './isof-time.js';

export const ISOF_TABLES = {
  product: 'TOWARY',
  priceType: 'RODZAJE_CEN',
  price: 'CENY',
  warehouse: 'MAGAZYNY',
  stock: 'STANY',
  customer: 'KONTRAHENCI',
  paymentMethod: 'FORMY_PLATNOSCI',
  orderStatus: 'STATUSY_ZAMOWIEN',
  order: 'ZAMOWIENIA',
  orderLine: 'ZAMOWIENIA_POZYCJE',
} as const;

@Entity({ name: ISOF_TABLES.product })
export class IsofProduct {
  @PrimaryGeneratedColumn({ name: 'ID_TOWARU', type: 'int' })
  id: number;

  @Index('UQ_TOWARY_INDEKS', { unique: true })
  @Column({ name: 'INDEKS', type: T.string, length: 50 })
  code: string;

  @Column({ name: 'NAZWA', type: T.string, length: 255 })
  name: string;

  @Column({ name: 'OPIS', type: T.text, length: T.textLength, nullable: true })
  description: string | null;

  @Column({ name: 'STAWKA_VAT', type: T.decimal, precision: 5, scale: 2, transformer: quantityTransformer })
  vatRate: number;

  @Column({ name: 'JM', type: T.string, length: 10, default: 'szt.' })
  unit: string;

  @Column({ name: 'AKTYWNY', type: T.bool, default: true })
  active: boolean;

  /** The picture attached to the product card; never loaded unless asked for. */
  @Column({ name: 'ZDJECIE', type: T.blob, length: T.blobLength, nullable: true, select: false })
  picture: Buffer | null;
}

@Entity({ name: ISOF_TABLES.priceType })
export class IsofPriceType {
  @PrimaryGeneratedColumn({ name: 'ID_RODZAJU_CENY', type: 'int' })
  id: number;

  @Column({ name: 'NAZWA', type: T.string, length: 100 })
  name: string;

  /** Display order; the first price type is the default retail price of an export. */
  @Column({ name: 'KOLEJNOSC', type: T.int, default: 0 })
  sortOrder: number;
}

@Entity({ name: ISOF_TABLES.price })
@Index('UQ_CENY_TOWAR_RODZAJ', ['productId', 'priceTypeId'], { unique: true })
export class IsofPrice {
  @PrimaryGeneratedColumn({ name: 'ID_CENY', type: 'int' })
  id: number;

  @Column({ name: 'ID_TOWARU', type: T.int })
  productId: number;

  @Column({ name: 'ID_RODZAJU_CENY', type: T.int })
  priceTypeId: number;

  @Column({ name: 'CENA_NETTO', type: T.decimal, precision: 18, scale: 2, transformer: decimalTransformer(2) })
  net: string;

  @Column({ name: 'CENA_BRUTTO', type: T.decimal, precision: 18, scale: 2, transformer: decimalTransformer(2) })
  gross: string;

  @Column({ name: 'WALUTA', type: T.string, length: 3, default: 'PLN' })
  currency: string;

  @ManyToOne(() => IsofProduct, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ID_TOWARU' })
  product?: IsofProduct;

  @ManyToOne(() => IsofPriceType)
  @JoinColumn({ name: 'ID_RODZAJU_CENY' })
  priceType?: IsofPriceType;
}

@Entity({ name: ISOF_TABLES.warehouse })
export class IsofWarehouse {
  @PrimaryGeneratedColumn({ name: 'ID_MAGAZYNU', type: 'int' })
  id: number;

  @Index('UQ_MAGAZYNY_SYMBOL', { unique: true })
  @Column({ name: 'SYMBOL', type: T.string, length: 20 })
  code: string;

  @Column({ name: 'NAZWA', type: T.string, length: 100 })
  name: string;
}

@Entity({ name: ISOF_TABLES.stock })
@Index('UQ_STANY_TOWAR_MAGAZYN', ['productId', 'warehouseId'], { unique: true })
export class IsofStock {
  @PrimaryGeneratedColumn({ name: 'ID_STANU', type: 'int' })
  id: number;

  @Column({ name: 'ID_TOWARU', type: T.int })
  productId: number;

  @Column({ name: 'ID_MAGAZYNU', type: T.int })
  warehouseId: number;

  @Column({ name: 'ILOSC', type: T.decimal, precision: 18, scale: 3, transformer: quantityTransformer })
  quantity: number;

  @ManyToOne(() => IsofProduct, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ID_TOWARU' })
  product?: IsofProduct;

  @ManyToOne(() => IsofWarehouse)
  @JoinColumn({ name: 'ID_MAGAZYNU' })
  warehouse?: IsofWarehouse;
}

@Entity({ name: ISOF_TABLES.customer })
export class IsofCustomer {
  @PrimaryGeneratedColumn({ name: 'ID_KONTRAHENTA', type: 'int' })
  id: number;

  @Column({ name: 'NAZWA', type: T.string, length: 255 })
  name: string;

  @Index('IX_KONTRAHENCI_EMAIL')
  @Column({ name: 'EMAIL', type: T.string, length: 255, nullable: true })
  email: string | null;

  @Index('IX_KONTRAHENCI_NIP')
  @Column({ name: 'NIP', type: T.string, length: 20, nullable: true })
  taxId: string | null;

  @Column({ name: 'TELEFON', type: T.string, length: 40, nullable: true })
  phone: string | null;

  @Column({ name: 'ULICA', type: T.string, length: 255, nullable: true })
  street: string | null;

  @Column({ name: 'KOD_POCZTOWY', type: T.string, length: 12, nullable: true })
  postalCode: string | null;

  @Column({ name: 'MIASTO', type: T.string, length: 100, nullable: true })
  city: string | null;

  @Column({ name: 'KRAJ', type: T.string, length: 2, nullable: true })
  country: string | null;

  @Column({ name: 'DOST_NAZWA', type: T.string, length: 255, nullable: true })
  deliveryName: string | null;

  @Column({ name: 'DOST_ULICA', type: T.string, length: 255, nullable: true })
  deliveryStreet: string | null;

  @Column({ name: 'DOST_KOD_POCZTOWY', type: T.string, length: 12, nullable: true })
  deliveryPostalCode: string | null;

  @Column({ name: 'DOST_MIASTO', type: T.string, length: 100, nullable: true })
  deliveryCity: string | null;

  @Column({ name: 'DOST_KRAJ', type: T.string, length: 2, nullable: true })
  deliveryCountry: string | null;
}

@Entity({ name: ISOF_TABLES.paymentMethod })
export class IsofPaymentMethod {
  @PrimaryGeneratedColumn({ name: 'ID_FORMY', type: 'int' })
  id: number;

  @Column({ name: 'NAZWA', type: T.string, length: 100 })
  name: string;
}

@Entity({ name: ISOF_TABLES.orderStatus })
export class IsofOrderStatus {
  @PrimaryGeneratedColumn({ name: 'ID_STATUSU', type: 'int' })
  id: number;

  @Index('UQ_STATUSY_NAZWA', { unique: true })
  @Column({ name: 'NAZWA', type: T.string, length: 100 })
  name: string;

  /** Display order; the first status is the default for an imported order. */
  @Column({ name: 'KOLEJNOSC', type: T.int, default: 0 })
  sortOrder: number;
}

@Entity({ name: ISOF_TABLES.order })
export class IsofOrder {
  @PrimaryGeneratedColumn({ name: 'ID_ZAMOWIENIA', type: 'int' })
  id: number;

  @Index('UQ_ZAMOWIENIA_NUMER', { unique: true })
  @Column({ name: 'NUMER', type: T.string, length: 40 })
  number: string;

  /** ISOF's local wall-clock time in ISOF_TIMEZONE; the transformer gives and takes instants. */
  @Index('IX_ZAMOWIENIA_DATA')
  @Column({ name: 'DATA', type: T.datetime, transformer: isofWallClockTransformer })
  orderedAt: Date;

  @Column({ name: 'ID_KONTRAHENTA', type: T.int, nullable: true })
  customerId: number | null;

  @Column({ name: 'ID_FORMY', type: T.int, nullable: true })
  paymentMethodId: number | null;

  @Column({ name: 'ID_STATUSU', type: T.int })
  statusId: number;

  @Column({ name: 'WARTOSC_NETTO', type: T.decimal, precision: 18, scale: 2, transformer: decimalTransformer(2) })
  totalNet: string;

  @Column({ name: 'WARTOSC_BRUTTO', type: T.decimal, precision: 18, scale: 2, transformer: decimalTransformer(2) })
  totalGross: string;

  @Column({ name: 'WALUTA', type: T.string, length: 3, default: 'PLN' })
  currency: string;

  @Column({ name: 'UWAGI', type: T.text, length: T.textLength, nullable: true })
  notes: string | null;

  @ManyToOne(() => IsofCustomer)
  @JoinColumn({ name: 'ID_KONTRAHENTA' })
  customer?: IsofCustomer | null;

  @ManyToOne(() => IsofPaymentMethod)
  @JoinColumn({ name: 'ID_FORMY' })
  paymentMethod?: IsofPaymentMethod | null;

  @ManyToOne(() => IsofOrderStatus)
  @JoinColumn({ name: 'ID_STATUSU' })
  status?: IsofOrderStatus;

  @OneToMany(() => IsofOrderLine, (line) => line.order)
  lines?: IsofOrderLine[];
}

@Entity({ name: ISOF_TABLES.orderLine })
@Index('IX_POZYCJE_ZAMOWIENIE', ['orderId', 'lineNo'])
export class IsofOrderLine {
  @PrimaryGeneratedColumn({ name: 'ID_POZYCJI', type: 'int' })
  id: number;

  @Column({ name: 'ID_ZAMOWIENIA', type: T.int })
  orderId: number;

  @Column({ name: 'LP', type: T.int })
  lineNo: number;

  /** Null for a foreign line: the shop has the product, ISOF does not. */
  @Column({ name: 'ID_TOWARU', type: T.int, nullable: true })
  productId: number | null;

  /** The product code as ISOF has it, or the shop's code on a foreign line. */
  @Column({ name: 'INDEKS', type: T.string, length: 50 })
  code: string;

  @Column({ name: 'NAZWA', type: T.string, length: 255 })
  name: string;

  @Column({ name: 'ILOSC', type: T.decimal, precision: 18, scale: 3, transformer: quantityTransformer })
  quantity: number;

  @Column({ name: 'CENA_NETTO', type: T.decimal, precision: 18, scale: 2, transformer: decimalTransformer(2) })
  unitPriceNet: string;

  @Column({ name: 'CENA_BRUTTO', type: T.decimal, precision: 18, scale: 2, transformer: decimalTransformer(2) })
  unitPriceGross: string;

  @Column({ name: 'STAWKA_VAT', type: T.decimal, precision: 5, scale: 2, transformer: quantityTransformer })
  vatRate: number;

  @Column({ name: 'OBCY', type: T.bool, default: false })
  foreign: boolean;

  @ManyToOne(() => IsofOrder, (order) => order.lines, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ID_ZAMOWIENIA' })
  order?: IsofOrder;

  @ManyToOne(() => IsofProduct)
  @JoinColumn({ name: 'ID_TOWARU' })
  product?: IsofProduct | null;
}

export const ISOF_ENTITIES = [
  IsofProduct, IsofPriceType, IsofPrice, IsofWarehouse, IsofStock, IsofCustomer,
  IsofPaymentMethod, IsofOrderStatus, IsofOrder, IsofOrderLine,
];
