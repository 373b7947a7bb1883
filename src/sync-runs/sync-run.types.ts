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
  valuesConfig: { LINK_PRODUCTS: { description: "matching the shop's existing products to ISOF products by code, sending nothing" } },
});
registerEnumType(SyncRunStatus, {
  name: 'SyncRunStatus',
  valuesConfig: {
    SUCCEEDED: { description: 'every item succeeded or was skipped' },
    PARTIALLY_FAILED: { description: 'some items failed, the rest were applied' },
    FAILED: { description: 'the run could not do its work (shop unreachable, key refused, ...)' },
    INTERRUPTED: { description: 'the process stopped while the run was going; nothing half-applied is left behind' },
    CANCELLED: { description: 'cancelled by cancelSyncRun; what the shop confirmed before is recorded' },
  },
});
registerEnumType(SyncItemOutcome, { name: 'SyncItemOutcome' });

@ObjectType()
export class SyncRunItem {
  @Field(() => ID) id: number;
  @Field(() => String, { description: 'What the item is about: a product code, an order serial number.' }) ref: string;
  @Field(() => SyncItemOutcome) outcome: SyncItemOutcome;
  @Field(() => String, { nullable: true, description: 'A stable code from the list in the README ("Item error codes"), e.g. UNMAPPED_PAYMENT_METHOD, IDOSELL_FAULT_5.' }) errorCode: string | null;
  @Field(() => String, { nullable: true, description: 'A sentence a person can act on.' }) message: string | null;
  @Field(() => String, { nullable: true, description: 'What was sent (or, in a dry run, would be sent), as JSON.' }) detail: string | null;
  @Field(() => Date) createdAt: Date;
}

@ObjectType()
export class SyncRunItemEdge {
  @Field(() => SyncRunItem) node: SyncRunItem;
  @Field(() => String) cursor: string;
}

@ObjectType()
export class SyncRunItemConnection {
  @Field(() => [SyncRunItemEdge]) edges: SyncRunItemEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

@ObjectType()
export class SyncRun {
  @Field(() => ID) id: number;
  @Field(() => SyncKind) kind: SyncKind;
  @Field(() => SyncRunStatus) status: SyncRunStatus;
  @Field(() => Boolean) dryRun: boolean;
  @Field(() => String, { description: 'The name of the API key that started the run, or the scheduler.' }) triggeredBy: string;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date, { nullable: true }) startedAt: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
  @Field(() => Int) total: number;
  @Field(() => Int) processed: number;
  @Field(() => Int) succeeded: number;
  @Field(() => Int) failed: number;
  @Field(() => Int) skipped: number;
  @Field(() => String, { nullable: true, description: 'Why the whole run failed, for FAILED and INTERRUPTED.' }) error: string | null;
  @Field(() => String, { nullable: true, description: 'The parameters the run was started with, as JSON.' }) params: string | null;
}

@ObjectType()
export class SyncRunEdge {
  @Field(() => SyncRun) node: SyncRun;
  @Field(() => String) cursor: string;
}

@ObjectType()
export class SyncRunConnection {
  @Field(() => [SyncRunEdge]) edges: SyncRunEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

@InputType()
export class SyncRunFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() shopId?: string | null;
  @Field(() => SyncKind, { nullable: true }) @IsOptional() @IsEnum(SyncKind) kind?: SyncKind | null;
  @Field(() => SyncRunStatus, { nullable: true }) @IsOptional() @IsEnum(SyncRunStatus) status?: SyncRunStatus | null;
}
