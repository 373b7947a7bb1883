/**
 * Every code a run's item can carry in `errorCode` (a String on the wire), with what a person does
 * about it. The one list: the services and the connector use these names, the README's
 * "Item error codes" table lists them all (a test checks it), and the schema points there.
 */
export const ITEM_ERROR_CODES = {
  ORDER_NOT_FOUND: 'importOrders named an order serial number the shop has no order with; check the number.',
  ALREADY_IMPORTED: 'The order is already in ISOF (an earlier import, or a run at the same moment); nothing was written twice.',
  UNKNOWN_PRODUCTS: 'The order has product codes ISOF does not know; add them to ISOF, or import with includeIncomplete: true (foreign lines).',
  UNMAPPED_PAYMENT_METHOD: "The order's payment form matches no ISOF payment method; map it with setPaymentMethodMapping and import again.",
  ISOF_WRITE_FAILED: "Writing the order into ISOF failed unexpectedly (a trigger, a constraint, a lost connection); nothing of it was written and the run went on. The message has the database's words; fix the cause and import again.",
  UNMAPPED_STATUS: "The ISOF status has no IdoSell status mapped for this shop; add one with setStatusMapping (the order stays pending).",
  IDOSELL_NO_ITEM_ANSWER: "The shop's answer did not mention this item, so whether it was applied is unknown; run again.",
  IDOSELL_NO_PRODUCT_ID: 'The shop accepted the product but did not say its id; the next export links it.',
  DUPLICATE_CODE_IN_SHOP: 'linkShopProducts (or an export looking a new product up) found the code on more than one shop product and linked none (the message names their IdoSell ids); delete or recode the extra ones in the IdoSell panel, then link again.',
  IDOSELL_NOT_SENT: 'Not sent: an earlier call of the same work failed in a way that would repeat (key, permission, rate limit, shop down); fix that and run again. Runs stop instead and count such items in their error.',
  IDOSELL_FAULT: "The shop refused this item without a fault code; its words are in the item's detail (shopMessage).",
  IDOSELL_AUTH: 'The shop refused the API key (401); save a new key from the IdoSell panel with updateShop.',
  IDOSELL_SCOPE: 'The API key lacks a permission this call needs (403); give the key that access in the IdoSell panel.',
  IDOSELL_RATE_LIMITED: 'The shop kept answering 429, or asked to wait longer than IDOSELL_RETRY_AFTER_MAX_S; run again later.',
  IDOSELL_UNAVAILABLE: 'The shop did not answer (5xx, timeout, reset or refused connection) after the retries; run again later.',
  IDOSELL_ANSWER_LOST: 'A call that is not safe to repeat got no answer; the next run checks what the shop has before sending again.',
  IDOSELL_REJECTED: "The shop rejected the call's data (400/422); the message names the field when the shop does.",
  IDOSELL_PROTOCOL: "The shop's answer could not be read (not JSON, unknown path): check that the address is the shop's Admin API v6.",
  IDOSELL_CONFIG: "The shop's address or key cannot be used (empty key, address not allowed); correct it with updateShop.",
  IDOSELL_CANCELLED: 'The run was stopped (cancelSyncRun or a shutdown) before this call went out or while it was going; the next run does it.',
} as const;

/** The shop's own fault code n, when it refused one item: IDOSELL_FAULT_<n> (the message carries the shop's words). */
export type IdosellFaultCode = `IDOSELL_FAULT_${number}`;
export type ItemErrorCode = keyof typeof ITEM_ERROR_CODES | IdosellFaultCode;
