/**
 * The explorer's opening tabs: the README's walkthrough ("First queries to paste into the
 * explorer", then "Running unattended" → "Schedules"), one tab per step. README.md shows the same
 * documents; test/e2e/explorer-walkthrough checks that the README's GraphQL blocks in those two
 * sections are exactly these, in this order, and that each is valid against the schema, so the two
 * cannot drift apart.
 *
 * Operations are named: a tab holding several operations can only run them if each has a name
 * (GraphiQL then asks which one to run).
 */
export interface WalkthroughTab {
  /** What the tab is about; the tab shows it as the first line of its query. */
  title: string;
  /** The GraphQL document, exactly as in the README. */
  document: string;
}

export const WALKTHROUGH: readonly WalkthroughTab[] = [
  {
    title: 'Read the catalogue and the shops',
    document: `# ISOF's catalogue, with prices and stock summed over all warehouses
query Catalogue { products(first: 5) { totalCount pageInfo { endCursor hasNextPage }
    edges { node { code name vatRate totalStock hasImage
      stocks { warehouse { name } quantity } prices { priceType { name } net gross currency } } } } }

# the shops, and their mappings
query Shops { shops { id name apiUrl hasApiKey idosellStockId languageId active
    paymentMethodMappings { idosellPaymentFormName paymentMethod { name } } } }`,
  },
  {
    title: 'Export products',
    document: `mutation ExportOne { exportProducts(input: { shopId: "1", productIds: ["1"], wait: true }) { id status total succeeded failed } }
mutation ExportAll { exportProducts(input: { shopId: "1", wait: true }) { id status total succeeded skipped failed } }
query LastRuns { syncRuns(first: 5) { edges { node { id kind status total succeeded failed skipped
    items(outcome: FAILED, first: 10) { edges { node { ref errorCode message } } } } } } }`,
  },
  {
    title: 'Follow or stop a run',
    document: `query FollowRun { syncRun(id: "12") { id kind status processed total succeeded failed skipped error } }
mutation CancelRun { cancelSyncRun(id: "12") { id status processed total succeeded error } }`,
  },
  {
    title: 'Follow a run live (subscription)',
    document: `subscription FollowRunLive { syncRunUpdated(id: "12") { id kind status processed total succeeded failed skipped finishedAt error } }`,
  },
  {
    title: 'The import screen',
    document: `query ImportScreen { shopOrders(input: { shopId: "1" }) { orderSerialNumber placedAt status customerName totalGross
    paymentFormName imported incomplete unknownProductCodes problem } }
query ImportScreenAll { shopOrders(input: { shopId: "1", period: LAST_30_DAYS, showImported: true, includeIncomplete: true }) {
    orderSerialNumber imported isofOrder { number } incomplete unknownProductCodes problem } }
query PaymentForms { shopPaymentForms(shopId: "1") }`,
  },
  {
    title: 'Import orders',
    document: `mutation Import { importOrders(input: { shopId: "1", period: LAST_30_DAYS, wait: true }) { id status succeeded failed skipped
    items(outcome: FAILED) { edges { node { ref errorCode message } } } } }
query PaymentMethods { paymentMethods { id name } }
mutation MapPayU { setPaymentMethodMapping(input: { shopId: "1", paymentMethodId: "1", idosellPaymentFormName: "PayU" }) { id } }
mutation ImportAgain { importOrders(input: { shopId: "1", period: LAST_30_DAYS, includeIncomplete: true, wait: true }) { status succeeded failed skipped } }
query ImportedOrders { orders(first: 5, filter: { importedOnly: true }) { edges { node { number status totalGross incomplete
    customer { name email taxId } paymentMethod { name } source { orderSerialNumber orderId lastSentStatus }
    lines { code name quantity unitPriceGross vatRate foreign } } } } }`,
  },
  {
    title: 'Sync stock and statuses',
    document: `mutation SyncStock { syncStock(input: { shopId: "1", wait: true }) { status total succeeded failed } }
query OrderStatuses { idosellOrderStatuses }
mutation MapShipped { setStatusMapping(input: { shopId: "1", isofStatus: "Wysłane", idosellStatus: "finished" }) { id } }
mutation SyncStatuses { syncStatuses(input: { shopId: "1", wait: true }) { status total succeeded skipped failed
    items(first: 5) { edges { node { ref outcome errorCode message } } } } }`,
  },
  {
    title: 'Run unattended (schedules)',
    document: `mutation ScheduleAll {
  orders: setSchedule(input: { shopId: "1", kind: IMPORT_ORDERS, everyMinutes: 15 }) { id nextRunAt }
  stock: setSchedule(input: { shopId: "1", kind: SYNC_STOCK, everyMinutes: 60 }) { id nextRunAt }
  statuses: setSchedule(input: { shopId: "1", kind: SYNC_STATUSES, everyMinutes: 30 }) { id nextRunAt }
  products: setSchedule(input: { shopId: "1", kind: EXPORT_PRODUCTS, everyMinutes: 1440 }) { id nextRunAt }
}

# what is scheduled, and how each schedule's newest run went
query Schedules { schedules(shopId: "1") { id kind everyMinutes enabled nextRunAt lastRun { id status error finishedAt } } }
query ShopSchedules { shops { name schedules { id kind everyMinutes enabled nextRunAt lastRun { id status error finishedAt } } } }

# pause one (kept, starts nothing), or remove it
mutation PauseStock { setSchedule(input: { shopId: "1", kind: SYNC_STOCK, everyMinutes: 60, enabled: false }) { id enabled } }
mutation DeleteSchedule { deleteSchedule(id: "2") }`,
  },
];

/** A tab's text: its title as a comment, a hint when the run button will ask which one, then the document. */
export function walkthroughTabQuery(tab: WalkthroughTab): string {
  const operations = tab.document.match(/^(?:query|mutation|subscription)\b/gm)?.length ?? 0;
  const hint = operations > 1 ? '# Several operations: press the run button and pick one.\n' : '';
  return `# ${tab.title}\n${hint}${tab.document}\n`;
}
