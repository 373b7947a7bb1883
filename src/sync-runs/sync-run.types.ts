import { IsEnum, IsOptional } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../api/connection.js';
import { enumOf } from '../api/enums.js';
import {
  SYNC_ITEM_OUTCOMES, SYNC_KINDS, SYNC_RUN_STATUSES, type SyncItemOutcomeName, type SyncKindName, type SyncRunStatusName,
} from './sync-run.entities.js';

// The GraphQL enums are the entities' lists (what the columns hold), in the same order.
export const SyncKind = enumOf(SYNC_KINDS);
export type SyncKind = SyncKindName;
export const SyncRunStatus = enumOf(SYNC_RUN_STATUSES);
export type SyncRunStatus = SyncRunStatusName;
export const SyncItemOutcome = enumOf(SYNC_ITEM_OUTCOMES);
export type SyncItemOutcome = SyncItemOutcomeName;

registerEnumType(SyncKind, {
  name: 'SyncKind',
  description: 'What a run does; each kind is started by its own mutation.',
  valuesConfig: {
    EXPORT_PRODUCTS: { description: "sending ISOF products (names, prices, stock, picture) to the shop: exportProducts" },
    IMPORT_ORDERS: { description: "writing the shop's orders into ISOF: importOrders" },
    SYNC_STOCK: { description: "sending ISOF stock quantities of exported products to the shop: syncStock" },
    SYNC_STATUSES: { description: "sending ISOF order statuses of imported orders to the shop: syncStatuses" },
    LINK_PRODUCTS: { description: "matching the shop's existing products to ISOF products by code, sending nothing" },
  },
});
registerEnumType(SyncRunStatus, {
  name: 'SyncRunStatus',
  description: 'Where a run is: QUEUED and RUNNING while it goes, one of the others once it has ended (finishedAt set).',
  valuesConfig: {
    QUEUED: { description: 'recorded, about to begin working (startedAt not set yet)' },
    RUNNING: { description: 'working; the counts grow as items are recorded' },
    SUCCEEDED: { description: 'every item succeeded or was skipped' },
    PARTIALLY_FAILED: { description: 'some items failed, the rest were applied' },
    FAILED: { description: 'the run could not do its work (shop unreachable, key refused, ...)' },
    INTERRUPTED: { description: 'the process stopped while the run was going; nothing half-applied is left behind' },
    CANCELLED: { description: 'cancelled by cancelSyncRun; what the shop confirmed before is recorded' },
  },
});
registerEnumType(SyncItemOutcome, {
  name: 'SyncItemOutcome',
  description: 'What happened to one item of a run.',
  valuesConfig: {
    SUCCEEDED: { description: 'applied (or, in a dry run, would be applied)' },
    FAILED: { description: 'not applied; errorCode and message say why and what to do' },
    SKIPPED: { description: 'nothing to do (already up to date, already imported); message says why' },
  },
});

/** Shared by the deprecated string fields and their JSON successors (resolved in sync-run.resolver.ts). */
export const DETAIL_DOC = "What was sent (or, in a dry run, would be sent) and what the shop answered, for this item: an object whose keys depend on the run's kind, e.g. { idosellProductId, created, stock } for an export or { shopMessage } for a refusal. Null when the item has none.";
export const PARAMS_DOC = "The parameters the run was started with, e.g. { productIds, dryRun, force } for EXPORT_PRODUCTS (productIds null: every active product); a run can be told apart and started again from its kind and these.";

/** What every run mutation can answer besides its own errors (for their descriptions). */
export const RUN_START_ERRORS = 'Needs the operator role (FORBIDDEN otherwise). Unknown shop: NOT_FOUND; an inactive shop or bad input: BAD_USER_INPUT; a run holding the same work for the shop: CONFLICT (extensions.runningRunId names it); the server stopping: SHUTTING_DOWN.';
/** The dryRun and wait inputs every run mutation takes. */
export const DRY_RUN_DOC = 'True: read the shop and ISOF and record in the items what would be done, writing nothing to either. Default false.';
export const WAIT_DOC = 'True: answer once the run has ended (the HTTP request stays open meanwhile); false: answer at once with the run QUEUED or RUNNING, to follow with syncRun. Default false.';

@ObjectType({ description: 'One thing a run did or tried: a product, an order. Read them through SyncRun.items.' })
export class SyncRunItem {
  @Field(() => ID, { description: 'The item id; items are listed in this order.' }) id: number;
  @Field(() => String, { description: 'What the item is about: a product code, an order serial number.' }) ref: string;
  @Field(() => SyncItemOutcome, { description: 'Whether it was applied, failed or skipped.' }) outcome: SyncItemOutcome;
  @Field(() => String, { nullable: true, description: 'A stable code from the list in the README ("Item error codes"), e.g. UNMAPPED_PAYMENT_METHOD, IDOSELL_FAULT_5. Null when the item did not fail.' }) errorCode: string | null;
  @Field(() => String, { nullable: true, description: 'A sentence a person can act on.' }) message: string | null;
  @Field(() => String, { nullable: true, description: `${DETAIL_DOC} The same as detailJson, packed into a string.`, deprecationReason: 'Use detailJson: the same object as JSON, not packed into a string.' }) detail: string | null;
  @Field(() => Date, { description: 'When the item was recorded (UTC, ISO 8601).' }) createdAt: Date;
}

@ObjectType({ description: 'One item of a page of SyncRun.items.' })
export class SyncRunItemEdge {
  @Field(() => SyncRunItem, { description: 'The item this edge holds.' }) node: SyncRunItem;
  @Field(() => String, { description: "This item's cursor: pass it as \"after\" to read the items after it." }) cursor: string;
}

@ObjectType({ description: "A page of a run's items, oldest first." })
export class SyncRunItemConnection {
  @Field(() => [SyncRunItemEdge], { description: 'The items of this page.' }) edges: SyncRunItemEdge[];
  @Field(() => PageInfo, { description: 'Whether there is a next page, and the cursor to read it.' }) pageInfo: PageInfo;
  @Field(() => Int, { description: 'How many items the run has with this filter, over all pages.' }) totalCount: number;
}

@ObjectType({ description: 'One run of a synchronisation for one shop (an export, an import, ...): its status, counts and items. Started by the run mutations, read with syncRun / syncRuns / Shop.lastRun.' })
export class SyncRun {
  @Field(() => ID, { description: 'The run id, for syncRun and cancelSyncRun.' }) id: number;
  @Field(() => SyncKind, { description: 'What the run does.' }) kind: SyncKind;
  @Field(() => SyncRunStatus, { description: 'Where the run is.' }) status: SyncRunStatus;
  @Field(() => Boolean, { description: 'True for a dry run: the shop and ISOF were only read, nothing was written; the items say what would be done.' }) dryRun: boolean;
  @Field(() => String, { description: 'The name of the API key that started the run, or the scheduler.' }) triggeredBy: string;
  @Field(() => Date, { description: 'When the run was started (UTC, ISO 8601).' }) createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the run began working (UTC, ISO 8601); null while QUEUED.' }) startedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the run ended (UTC, ISO 8601); null while QUEUED or RUNNING.' }) finishedAt: Date | null;
  @Field(() => Int, { description: 'How many items the run expects (pieces of work: products, orders); may grow while it runs, never below processed.' }) total: number;
  @Field(() => Int, { description: 'How many items are recorded so far: succeeded + failed + skipped.' }) processed: number;
  @Field(() => Int, { description: 'How many items were applied.' }) succeeded: number;
  @Field(() => Int, { description: 'How many items failed (read them with items(outcome: FAILED)).' }) failed: number;
  @Field(() => Int, { description: 'How many items needed nothing.' }) skipped: number;
  @Field(() => String, { nullable: true, description: 'Why the whole run failed, for FAILED and INTERRUPTED.' }) error: string | null;
  @Field(() => String, { nullable: true, description: `${PARAMS_DOC} The same as paramsJson, packed into a string.`, deprecationReason: 'Use paramsJson: the same object as JSON, not packed into a string.' }) params: string | null;
}

@ObjectType({ description: 'One run of a page of syncRuns.' })
export class SyncRunEdge {
  @Field(() => SyncRun, { description: 'The run this edge holds.' }) node: SyncRun;
  @Field(() => String, { description: "This run's cursor: pass it as \"after\" to read the runs after it." }) cursor: string;
}

@ObjectType({ description: 'A page of runs, newest first.' })
export class SyncRunConnection {
  @Field(() => [SyncRunEdge], { description: 'The runs of this page.' }) edges: SyncRunEdge[];
  @Field(() => PageInfo, { description: 'Whether there is a next page, and the cursor to read it.' }) pageInfo: PageInfo;
  @Field(() => Int, { description: 'How many runs match the filter, over all pages.' }) totalCount: number;
}

@InputType({ description: 'Which runs syncRuns lists; every field given must match (all absent: every run).' })
export class SyncRunFilter {
  @Field(() => ID, { nullable: true, description: "Only this shop's runs (Shop.id). Not an id: BAD_USER_INPUT." }) @IsOptional() shopId?: string | null;
  @Field(() => SyncKind, { nullable: true, description: 'Only runs of this kind.' }) @IsOptional() @IsEnum(SyncKind) kind?: SyncKind | null;
  @Field(() => SyncRunStatus, { nullable: true, description: 'Only runs with this status.' }) @IsOptional() @IsEnum(SyncRunStatus) status?: SyncRunStatus | null;
}
