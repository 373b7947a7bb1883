import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { T } from '../db/column-types.js';

/** An IdoSell shop this server talks to. The API key is stored encrypted (AES-256-GCM). */
@Entity({ name: 'idosell_shops' })
export class ShopEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Index('UQ_idosell_shops_name', { unique: true })
  @Column({ type: T.string, length: 100 })
  name: string;

  @Column({ name: 'api_url', type: T.string, length: 500 })
  apiUrl: string;

  /** Encrypted with SecretBox; never leaves the server (the GraphQL Shop type has no such field). */
  @Column({ name: 'api_key_enc', type: T.string, length: 1000 })
  apiKeyEnc: string;

  @Column({ name: 'idosell_stock_id', type: T.int, default: 1 })
  idosellStockId: number;

  @Column({ name: 'language_id', type: T.string, length: 3, default: 'pol' })
  languageId: string;

  @Column({ type: T.bool, default: true })
  active: boolean;

  /**
   * UTC. ShopService writes both itself (TypeORM's own update sets CURRENT_TIMESTAMP, local time on
   * SQL Server); the default, for rows written by others, is UTC too (migration UtcTimestamps).
   */
  @CreateDateColumn({ name: 'created_at', type: T.datetime, default: () => T.utcNow })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: T.datetime, default: () => T.utcNow })
  updatedAt: Date;
}
