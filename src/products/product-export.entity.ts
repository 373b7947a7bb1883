import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { T, quantityTransformer } from '../db/column-types.js';

/** What was last sent of one ISOF product to one shop. */
@Entity({ name: 'idosell_product_exports' })
@Index('UQ_idosell_product_exports_shop_product', ['shopId', 'productId'], { unique: true })
@Index('IX_idosell_product_exports_product', ['productId'])
export class ProductExportEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'shop_id', type: T.int })
  shopId: number;

  @Column({ name: 'product_id', type: T.int })
  productId: number;

  @Column({ name: 'idosell_product_id', type: T.int, nullable: true })
  idosellProductId: number | null;

  @Column({ name: 'last_exported_at', type: T.datetime, nullable: true })
  lastExportedAt: Date | null;

  /** Stock the shop confirmed last (export or syncStock). */
  @Column({ name: 'last_sent_stock', type: T.decimal, precision: 18, scale: 3, nullable: true, transformer: quantityTransformer })
  lastSentStock: number | null;

  @Column({ name: 'last_stock_sent_at', type: T.datetime, nullable: true })
  lastStockSentAt: Date | null;

  /** sha256 of the exported fields (name, description, prices, VAT, code). */
  @Column({ name: 'fields_hash', type: T.string, length: 64, nullable: true })
  fieldsHash: string | null;

  /** sha256 of the picture last sent; null when none was sent. */
  @Column({ name: 'image_hash', type: T.string, length: 64, nullable: true })
  imageHash: string | null;
}
