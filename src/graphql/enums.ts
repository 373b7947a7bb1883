import { registerEnumType } from 'type-graphql';

export enum SyncKind { EXPORT_PRODUCTS = 'EXPORT_PRODUCTS', IMPORT_ORDERS = 'IMPORT_ORDERS', SYNC_STOCK = 'SYNC_STOCK', SYNC_STATUSES = 'SYNC_STATUSES' }
export enum SyncRunStatus {
  QUEUED = 'QUEUED', RUNNING = 'RUNNING', SUCCEEDED = 'SUCCEEDED', PARTIALLY_FAILED = 'PARTIALLY_FAILED',
  FAILED = 'FAILED', INTERRUPTED = 'INTERRUPTED', CANCELLED = 'CANCELLED',
}
export enum SyncItemOutcome { SUCCEEDED = 'SUCCEEDED', FAILED = 'FAILED', SKIPPED = 'SKIPPED' }
export enum OrderPeriod {
  TODAY = 'TODAY', YESTERDAY = 'YESTERDAY', LAST_7_DAYS = 'LAST_7_DAYS', LAST_14_DAYS = 'LAST_14_DAYS',
  LAST_30_DAYS = 'LAST_30_DAYS', THIS_MONTH = 'THIS_MONTH', PREVIOUS_MONTH = 'PREVIOUS_MONTH',
}
export enum IdosellPriceField {
  RETAIL = 'RETAIL', WHOLESALE = 'WHOLESALE', MINIMAL = 'MINIMAL', POS = 'POS', SUGGESTED = 'SUGGESTED',
  STRIKETHROUGH_RETAIL = 'STRIKETHROUGH_RETAIL',
}

registerEnumType(SyncKind, { name: 'SyncKind' });
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
registerEnumType(OrderPeriod, {
  name: 'OrderPeriod',
  description: "Periods for the order import, in the shop's calendar (Europe/Warsaw unless the shop says otherwise).",
});
registerEnumType(IdosellPriceField, { name: 'IdosellPriceField', description: 'Where an IdoSell price field gets its value from.' });
