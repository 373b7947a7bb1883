import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { T } from '../db/column-types.js';
import type { IdosellPriceFieldName } from '../idosell/index.js';

/** Which ISOF price type fills an IdoSell price field, per shop. One price type per field. */
@Entity({ name: 'idosell_price_mappings' })
@Index('UQ_idosell_price_mappings_field', ['shopId', 'idosellPriceField'], { unique: true })
export class PriceMappingEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'shop_id', type: T.int })
  shopId: number;

  @Column({ name: 'price_type_id', type: T.int })
  priceTypeId: number;

  @Column({ name: 'idosell_price_field', type: T.string, length: 30 })
  idosellPriceField: IdosellPriceFieldName;
}

/** An IdoSell payment form name (as the shop spells it) -> an ISOF payment method, per shop. */
@Entity({ name: 'idosell_payment_mappings' })
@Index('UQ_idosell_payment_mappings_form', ['shopId', 'formKey'], { unique: true })
export class PaymentMethodMappingEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'shop_id', type: T.int })
  shopId: number;

  @Column({ name: 'payment_method_id', type: T.int })
  paymentMethodId: number;

  @Column({ name: 'idosell_payment_form_name', type: T.string, length: 200 })
  idosellPaymentFormName: string;

  /** The form name trimmed and lower-cased: what matching compares. */
  @Column({ name: 'form_key', type: T.string, length: 200 })
  formKey: string;
}

/**
 * An ISOF status <-> an IdoSell status, per shop. Several IdoSell statuses may map to one ISOF
 * status (a coarse mapping); each IdoSell status maps to one ISOF status. Sending an ISOF status
 * to the shop uses its first mapping (lowest id) unless the shop already has one of its statuses.
 */
@Entity({ name: 'idosell_status_mappings' })
@Index('UQ_idosell_status_mappings_idosell', ['shopId', 'idosellStatus'], { unique: true })
export class StatusMappingEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'shop_id', type: T.int })
  shopId: number;

  @Column({ name: 'isof_status', type: T.string, length: 100 })
  isofStatus: string;

  @Column({ name: 'idosell_status', type: T.string, length: 40 })
  idosellStatus: string;
}

export function formKey(name: string): string {
  return name.trim().toLocaleLowerCase('pl-PL');
}
