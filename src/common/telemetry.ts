/**
 * What the connector and the run engine tell whoever watches them (the metrics, src/metrics/).
 * Interfaces only, below every feature: idosell/ and sync-runs/ call them without knowing who
 * listens, so the layering (eslint no-restricted-imports) stays as it is. Every method is cheap and
 * never throws into the caller's work.
 */

/** How an IdoSell call ended: the HTTP status as text ("200", "429"), or "network" / "timeout" when no answer came. */
export type CallStatus = string;

/** Told by the connector's transport about every HTTP attempt to a shop. `operation` is the operation's fixed name, never a URL with ids. */
export interface ConnectorObserver {
  /** An attempt leaves for the wire (it holds a slot of the shop's limiter until callFinished). */
  callStarted(operation: string): void;
  callFinished(operation: string, status: CallStatus, ms: number): void;
  /** The call will be sent again after a wait (`reason`: the error kind that made it retry). */
  retry(operation: string, reason: string): void;
  /** The shop answered 429 Too Many Requests. */
  rateLimited(operation: string): void;
  /** The connector waits `seconds` because the shop's Retry-After asked for it. */
  retryAfterWait(operation: string, seconds: number): void;
}

/** A run as the observers see it: its kind and shop (by id: stable across renames, bounded by the shops registered). */
export interface ObservedRun {
  kind: string;
  shopId: number;
}

/** Told by the run engine at a run's start, as its items are recorded, and at its close. */
export interface RunObserver {
  runStarted(run: ObservedRun): void;
  itemsRecorded(run: ObservedRun, outcomes: { succeeded: number; failed: number; skipped: number }): void;
  runFinished(run: ObservedRun, status: string, seconds: number): void;
}

export const NO_CONNECTOR_OBSERVER: ConnectorObserver = {
  callStarted: () => undefined,
  callFinished: () => undefined,
  retry: () => undefined,
  rateLimited: () => undefined,
  retryAfterWait: () => undefined,
};

export const NO_RUN_OBSERVER: RunObserver = {
  runStarted: () => undefined,
  itemsRecorded: () => undefined,
  runFinished: () => undefined,
};

/** The observers the server hands to the connectors and the run engine (none when METRICS=off). */
export interface Telemetry {
  connector?: ConnectorObserver;
  runs?: RunObserver;
}
