import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { T } from '../db/column-types.js';

/**
 * One IdoSell order imported into ISOF. The unique key (shop, orderSerialNumber) is what makes a
 * second import of the same order impossible, whatever runs at once.
 */
@Entity({ name: 'idosell_order_imports' })
@Index('UQ_idosell_order_imports_shop_serial', ['shopId', 'orderSerialNumber'], { unique: true })
@Index('UQ_idosell_order_imports_isof_order', ['isofOrderId'], { unique: true })
export class OrderImportEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'shop_id', type: T.int })
  shopId: number;

  @Column({ name: 'order_serial_number', type: T.int })
  orderSerialNumber: number;

  /** IdoSell's order id, e.g. "shop-1-1234". */
  @Column({ name: 'idosell_order_id', type: T.string, length: 64 })
  idosellOrderId: string;

  @Column({ name: 'isof_order_id', type: T.int })
  isofOrderId: number;

  @Column({ name: 'imported_at', type: T.datetime })
  importedAt: Date;

  @Column({ type: T.bool, default: false })
  incomplete: boolean;

  /** The ISOF status last synchronised with the shop (at import: the status it was given). */
  @Column({ name: 'synced_isof_status', type: T.string, length: 100 })
  syncedIsofStatus: string;

  /** The IdoSell status the shop has as far as we know (at import: as received). */
  @Column({ name: 'last_sent_status', type: T.string, length: 40, nullable: true })
  lastSentStatus: string | null;

  @Column({ name: 'status_synced_at', type: T.datetime, nullable: true })
  statusSyncedAt: Date | null;
}
