import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { T } from '../db/column-types.js';

/**
 * The shop's client id -> the ISOF customer its orders went to. ISOF's customer table has no
 * column for a shop's client id, so the integration keeps the link: the next order of the same
 * client finds its customer by it, before e-mail and NIP are tried.
 */
@Entity({ name: 'idosell_customer_links' })
@Index('UQ_idosell_customer_links_client', ['shopId', 'idosellClientId'], { unique: true })
export class CustomerLinkEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'shop_id', type: T.int })
  shopId: number;

  @Column({ name: 'idosell_client_id', type: T.int })
  idosellClientId: number;

  @Column({ name: 'customer_id', type: T.int })
  customerId: number;
}
