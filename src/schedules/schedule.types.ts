import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { SyncKind } from '../sync-runs/sync-run.types.js';
import { IMPORT_OVERLAP_MINUTES } from './scheduler.js';
import { MAX_EVERY_MINUTES, MIN_EVERY_MINUTES, SCHEDULABLE_KINDS } from './schedule.service.js';

@ObjectType({
  description: `An automatic run of one kind for one shop, every everyMinutes. Exactly one server instance starts each due run, whatever the number of instances on the database; a run started by a schedule has triggeredBy "scheduler". A due run that finds the same kind already going for the shop is skipped (nextRunAt has moved on). A scheduled IMPORT_ORDERS takes the orders added since the previous scheduled import that did its work started, minus ${IMPORT_OVERLAP_MINUTES} minutes (the first one: the last 7 days), complete ones only unless includeIncomplete. Read with a viewer key.`,
})
export class Schedule {
  @Field(() => ID, { description: 'The schedule id, for deleteSchedule.' })
  id: number;

  /** Read by Schedule.shop. */
  shopId: number;

  @Field(() => SyncKind, { description: `The kind of run it starts: one of ${SCHEDULABLE_KINDS.join(', ')}.` })
  kind: SyncKind;

  @Field(() => Int, { description: `The period in minutes, ${MIN_EVERY_MINUTES} to ${MAX_EVERY_MINUTES}. Due times are every everyMinutes after the schedule was set; after a time the servers were down, the next one is the next future multiple (no catch-up burst).` })
  everyMinutes: number;

  @Field(() => Boolean, { description: 'False: the schedule is kept but starts nothing (nextRunAt is null).' })
  enabled: boolean;

  @Field(() => Boolean, { description: 'IMPORT_ORDERS only: also import orders that have products with codes unknown to ISOF (their lines are left out). False for the other kinds.' })
  includeIncomplete: boolean;

  @Field(() => Date, { nullable: true, description: 'When the next run is due (UTC); a scheduler tick (every SCHEDULER_TICK_SECONDS) starts it at that time or shortly after. Null when the schedule is disabled.' })
  nextRunAt: Date | null;

  /** Read by Schedule.lastRun. */
  lastRunId: number | null;
}

@InputType({ description: "setSchedule's input: creates the shop's schedule of that kind, or replaces the one it has (one per shop and kind)." })
export class ScheduleInput {
  @Field(() => ID, { description: 'The shop (NOT_FOUND when there is none with that id).' })
  shopId: string;

  @Field(() => SyncKind, { description: `One of ${SCHEDULABLE_KINDS.join(', ')}; LINK_PRODUCTS is a one-off step and answers BAD_USER_INPUT.` })
  kind: SyncKind;

  @Field(() => Int, { description: `Minutes between runs, ${MIN_EVERY_MINUTES} to ${MAX_EVERY_MINUTES} (one day); outside that BAD_USER_INPUT, nothing written. The first run is due everyMinutes after this call.` })
  everyMinutes: number;

  @Field(() => Boolean, { nullable: true, defaultValue: true, description: 'False keeps the schedule without starting runs. Default true.' })
  enabled: boolean;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'IMPORT_ORDERS only (BAD_USER_INPUT on another kind): also import orders with product codes unknown to ISOF. Default false: complete orders only.' })
  includeIncomplete: boolean;
}
