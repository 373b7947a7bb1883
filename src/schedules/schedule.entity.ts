import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { T } from '../db/column-types.js';
import type { SyncKindName } from '../sync-runs/sync-run.entities.js';

/**
 * One automatic run of a kind for a shop, every `everyMinutes` (idosell_schedules). `nextRunAt` is
 * the due time the scheduler claims with one conditional update (scheduler.ts), so it is kept even
 * while the schedule is disabled; the API shows it only for an enabled schedule.
 */
@Entity({ name: 'idosell_schedules' })
@Index('UQ_idosell_schedules_shop_kind', ['shopId', 'kind'], { unique: true })
@Index('IX_idosell_schedules_due', ['enabled', 'nextRunAt'])
export class ScheduleEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'shop_id', type: T.int })
  shopId: number;

  @Column({ type: T.string, length: 20 })
  kind: SyncKindName;

  @Column({ name: 'every_minutes', type: T.int })
  everyMinutes: number;

  @Column({ type: T.bool, default: true })
  enabled: boolean;

  /** IMPORT_ORDERS only: import orders with unknown product codes too. */
  @Column({ name: 'include_incomplete', type: T.bool, default: false })
  includeIncomplete: boolean;

  @Column({ name: 'next_run_at', type: T.datetime })
  nextRunAt: Date;

  /** The newest run this schedule started (Schedule.lastRun), so no history is searched for it. */
  @Column({ name: 'last_run_id', type: T.int, nullable: true })
  lastRunId: number | null;

  @Column({ name: 'created_at', type: T.datetime })
  createdAt: Date;

  @Column({ name: 'updated_at', type: T.datetime })
  updatedAt: Date;
}
