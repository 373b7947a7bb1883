import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { T } from '../db/column-types.js';
import type { ItemErrorCode } from '../common/item-codes.js';

export const SYNC_KINDS = ['EXPORT_PRODUCTS', 'IMPORT_ORDERS', 'SYNC_STOCK', 'SYNC_STATUSES', 'LINK_PRODUCTS'] as const;
export type SyncKindName = (typeof SYNC_KINDS)[number];

/**
 * The lock a kind of run takes (one run per shop and lock at a time). Linking writes the export
 * records, so it shares the export's lock: a link and an export of the same shop never run at once.
 */
export function lockKindOf(kind: SyncKindName): SyncKindName {
  return kind === 'LINK_PRODUCTS' ? 'EXPORT_PRODUCTS' : kind;
}
export const SYNC_RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'PARTIALLY_FAILED', 'FAILED', 'INTERRUPTED', 'CANCELLED'] as const;
export type SyncRunStatusName = (typeof SYNC_RUN_STATUSES)[number];
export const SYNC_ITEM_OUTCOMES = ['SUCCEEDED', 'FAILED', 'SKIPPED'] as const;
export type SyncItemOutcomeName = (typeof SYNC_ITEM_OUTCOMES)[number];

@Entity({ name: 'idosell_sync_runs' })
@Index('IX_idosell_sync_runs_shop_kind', ['shopId', 'kind', 'id'])
@Index('IX_idosell_sync_runs_status', ['status'])
export class SyncRunEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: T.string, length: 20 })
  kind: SyncKindName;

  @Column({ name: 'shop_id', type: T.int })
  shopId: number;

  @Column({ type: T.string, length: 20 })
  status: SyncRunStatusName;

  @Column({ name: 'dry_run', type: T.bool, default: false })
  dryRun: boolean;

  @Column({ name: 'triggered_by', type: T.string, length: 100 })
  triggeredBy: string;

  /** The run's parameters as JSON. */
  @Column({ type: T.text, length: T.textLength, nullable: true })
  params: string | null;

  /** The server instance that runs it. */
  @Column({ type: T.string, length: 100, nullable: true })
  owner: string | null;

  @Column({ name: 'created_at', type: T.datetime })
  createdAt: Date;

  @Column({ name: 'started_at', type: T.datetime, nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: T.datetime, nullable: true })
  finishedAt: Date | null;

  @Column({ name: 'heartbeat_at', type: T.datetime, nullable: true })
  heartbeatAt: Date | null;

  @Column({ type: T.int, default: 0 })
  total: number;

  @Column({ type: T.int, default: 0 })
  processed: number;

  @Column({ type: T.int, default: 0 })
  succeeded: number;

  @Column({ type: T.int, default: 0 })
  failed: number;

  @Column({ type: T.int, default: 0 })
  skipped: number;

  @Column({ type: T.text, length: T.textLength, nullable: true })
  error: string | null;

  /** cancelSyncRun asked another server instance, which owns the run, to stop it (its heartbeat reads this). */
  @Column({ name: 'cancel_requested_at', type: T.datetime, nullable: true })
  cancelRequestedAt: Date | null;

  /** Who asked for the cancel. */
  @Column({ name: 'cancelled_by', type: T.string, length: 100, nullable: true })
  cancelledBy: string | null;
}

@Entity({ name: 'idosell_sync_run_items' })
@Index('IX_idosell_sync_run_items_run', ['runId', 'outcome', 'id'])
@Index('IX_idosell_sync_run_items_ref', ['ref'])
export class SyncRunItemEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'run_id', type: T.int })
  runId: number;

  /** A product code, an order serial number. */
  @Column({ type: T.string, length: 100 })
  ref: string;

  @Column({ type: T.string, length: 10 })
  outcome: SyncItemOutcomeName;

  /** One of common/item-codes.ts (the README's "Item error codes"); a String in the API. */
  @Column({ name: 'error_code', type: T.string, length: 60, nullable: true })
  errorCode: ItemErrorCode | null;

  @Column({ type: T.text, length: T.textLength, nullable: true })
  message: string | null;

  /** What was (or, in a dry run, would be) sent, as JSON. */
  @Column({ type: T.text, length: T.textLength, nullable: true })
  detail: string | null;

  @Column({ name: 'created_at', type: T.datetime })
  createdAt: Date;
}

/** One row per (shop, kind) while a run holds it: the primary key makes it exclusive. */
@Entity({ name: 'idosell_sync_locks' })
export class SyncLockEntity {
  @PrimaryColumn({ name: 'shop_id', type: T.int })
  shopId: number;

  @PrimaryColumn({ type: T.string, length: 20 })
  kind: SyncKindName;

  @Column({ name: 'run_id', type: T.int })
  runId: number;

  @Column({ name: 'acquired_at', type: T.datetime })
  acquiredAt: Date;
}
