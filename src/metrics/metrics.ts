/**
 * The server's Prometheus metrics (prom-client), one registry per app: tests start several apps in
 * one process, and prom-client's global registry would mix their counts (and refuse a second
 * registration of the same name).
 *
 * Labels stay bounded: `kind` and `status` are enums, `operation` is the connector's fixed operation
 * name (never a URL with ids), `code` is an extensions.code, and `shop` is the shop's id: stable when
 * a shop is renamed (a name label would split its series) and bounded by the shops registered. The
 * shops query maps ids to names.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ConnectorObserver, ObservedRun, RunObserver } from '../common/telemetry.js';

export const METRICS_PATH = '/metrics';
const PREFIX = 'isof_idosell_';

/** Runs last from a second (a dry run of a few items) to hours (a first export of a large catalogue). */
const RUN_BUCKETS_S = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200];
/** IdoSell calls: tens of milliseconds on loopback, seconds for a page of 100 products. */
const CALL_BUCKETS_S = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export interface GraphqlRequestObserver {
  /** `operationType`: query, mutation, subscription, or "unknown" when the document did not parse; `codes`: every extensions.code it answered. */
  graphqlRequest(operationType: string, codes: readonly string[]): void;
}

export interface Metrics {
  readonly registry: Registry;
  readonly connector: ConnectorObserver;
  readonly runs: RunObserver;
  readonly graphql: GraphqlRequestObserver;
  /** The text a scrape answers, and its content type. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

const shopLabel = (run: ObservedRun) => String(run.shopId);

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const registers = [registry];

  const runsStarted = new Counter({
    name: `${PREFIX}runs_started_total`, help: 'Runs this instance started, by kind and shop id.',
    labelNames: ['kind', 'shop'] as const, registers,
  });
  const runsFinished = new Counter({
    name: `${PREFIX}runs_finished_total`, help: 'Runs this instance closed, by kind, shop id and final status (SUCCEEDED, PARTIALLY_FAILED, FAILED, CANCELLED, INTERRUPTED).',
    labelNames: ['kind', 'shop', 'status'] as const, registers,
  });
  const runDuration = new Histogram({
    name: `${PREFIX}run_duration_seconds`, help: 'Time from a run\'s start to its close on this instance, in seconds, by kind and final status.',
    labelNames: ['kind', 'status'] as const, buckets: RUN_BUCKETS_S, registers,
  });
  const items = new Counter({
    name: `${PREFIX}run_items_total`, help: 'Items recorded by runs, by kind, shop id and outcome (SUCCEEDED, FAILED, SKIPPED).',
    labelNames: ['kind', 'shop', 'outcome'] as const, registers,
  });
  const calls = new Counter({
    name: `${PREFIX}idosell_calls_total`, help: 'HTTP attempts to IdoSell (each retry counts), by operation and HTTP status, or "network"/"timeout" when no answer came.',
    labelNames: ['operation', 'status'] as const, registers,
  });
  const callSeconds = new Histogram({
    name: `${PREFIX}idosell_call_duration_seconds`, help: 'Latency of HTTP attempts to IdoSell in seconds, from the wire to the whole answer, by operation.',
    labelNames: ['operation'] as const, buckets: CALL_BUCKETS_S, registers,
  });
  const inFlight = new Gauge({
    name: `${PREFIX}idosell_calls_in_flight`, help: 'HTTP attempts to IdoSell on the wire now (bounded per shop by IDOSELL_CONCURRENCY).',
    registers,
  });
  const retries = new Counter({
    name: `${PREFIX}idosell_retries_total`, help: 'IdoSell calls sent again after a wait, by operation and the reason (RATE_LIMITED after a 429, UNAVAILABLE after a 5xx, a timeout or a reset).',
    labelNames: ['operation', 'reason'] as const, registers,
  });
  const rateLimited = new Counter({
    name: `${PREFIX}idosell_rate_limited_total`, help: 'HTTP 429 Too Many Requests answers from IdoSell, by operation.',
    labelNames: ['operation'] as const, registers,
  });
  const retryAfterWaits = new Counter({
    name: `${PREFIX}idosell_retry_after_waits_total`, help: 'Waits a shop asked for with Retry-After (honoured up to IDOSELL_RETRY_AFTER_MAX_S), by operation.',
    labelNames: ['operation'] as const, registers,
  });
  const retryAfterSeconds = new Counter({
    name: `${PREFIX}idosell_retry_after_wait_seconds_total`, help: 'Seconds spent in waits a shop asked for with Retry-After, by operation.',
    labelNames: ['operation'] as const, registers,
  });
  const graphqlRequests = new Counter({
    name: `${PREFIX}graphql_requests_total`, help: 'GraphQL requests answered, by operation type (query, mutation, subscription, unknown) and error code: one count per distinct extensions.code in the answer, "none" when it had no error.',
    labelNames: ['operation_type', 'code'] as const, registers,
  });

  return {
    registry,
    connector: {
      callStarted: () => inFlight.inc(),
      callFinished: (operation, status, ms) => {
        inFlight.dec();
        calls.inc({ operation, status });
        callSeconds.observe({ operation }, ms / 1000);
      },
      retry: (operation, reason) => retries.inc({ operation, reason }),
      rateLimited: (operation) => rateLimited.inc({ operation }),
      retryAfterWait: (operation, seconds) => {
        retryAfterWaits.inc({ operation });
        retryAfterSeconds.inc({ operation }, seconds);
      },
    },
    runs: {
      runStarted: (run) => runsStarted.inc({ kind: run.kind, shop: shopLabel(run) }),
      itemsRecorded: (run, o) => {
        const labels = { kind: run.kind, shop: shopLabel(run) };
        if (o.succeeded) items.inc({ ...labels, outcome: 'SUCCEEDED' }, o.succeeded);
        if (o.failed) items.inc({ ...labels, outcome: 'FAILED' }, o.failed);
        if (o.skipped) items.inc({ ...labels, outcome: 'SKIPPED' }, o.skipped);
      },
      runFinished: (run, status, seconds) => {
        runsFinished.inc({ kind: run.kind, shop: shopLabel(run), status });
        runDuration.observe({ kind: run.kind, status }, seconds);
      },
    },
    graphql: {
      graphqlRequest: (operationType, codes) => {
        // Codes are the server's own constants; anything else (a resolver's odd code) is folded, so the label stays bounded.
        const distinct = codes.length ? [...new Set(codes.map((c) => (/^[A-Z][A-Z0-9_]{0,59}$/.test(c) ? c : 'OTHER')))] : ['none'];
        for (const code of distinct) graphqlRequests.inc({ operation_type: operationType, code });
      },
    },
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
