/**
 * For tests: an `onRequest` hook that checks every request the connector sends against IdoSell's
 * published schema, strictly, and collects the violations so the test can fail on any.
 */
import { validateRequest, type Violation } from './openapi/validator.js';
import type { RequestHook } from './transport.js';

export interface StrictSchemaHook {
  hook: RequestHook;
  /** Every violation seen, each path prefixed with the operation, e.g. "PUT /products/products params.products[0].x". */
  violations: Violation[];
  /** How many requests the hook has checked. */
  checked: () => number;
}

export function strictSchemaHook(): StrictSchemaHook {
  const violations: Violation[] = [];
  let count = 0;
  const hook: RequestHook = (method, apiPath, req) => {
    count++;
    for (const v of validateRequest(method, apiPath, req)) {
      violations.push({ path: `${method} ${apiPath} ${v.path}`, message: v.message });
    }
  };
  return { hook, violations, checked: () => count };
}
