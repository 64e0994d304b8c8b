import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus instruments (prom-client), one set per process. Next.js may load this
 * module in several bundles of one process (a route, the instrumentation hook that runs the outbox
 * worker), so the set lives on globalThis: every bundle counts into the same registry.
 *
 * Counters and histograms are per process, as Prometheus expects (it sums instances by `instance`).
 * Gauges read from the database (lib/health/read-metrics.ts) describe the whole installation and are
 * the same on every instance, so aggregate those with max(), not sum().
 */
export interface Instruments {
  registry: Registry;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  httpDuration: Histogram<'route' | 'method'>;
  signings: Counter<'outcome' | 'code'>;
  signingDuration: Histogram<'outcome'>;
  outboxAttempts: Counter<'channel' | 'result'>;
  requests: Gauge<'status'>;
  outboxMessages: Gauge<'channel' | 'status'>;
  outboxOldestPending: Gauge;
  certificateDaysLeft: Gauge<'kind'>;
  ledgerEntries: Gauge;
}

/** The operation-log actions that are a signature being made (the ceremony's last step). */
export const SIGNING_ACTIONS: ReadonlySet<string> = new Set(['request.sign']);

const globalKey = Symbol.for('signet.metrics');
type GlobalWithMetrics = typeof globalThis & { [globalKey]?: Instruments };

export function instruments(): Instruments {
  const g = globalThis as GlobalWithMetrics;
  g[globalKey] ??= createInstruments();
  return g[globalKey];
}

function createInstruments(): Instruments {
  const registry = new Registry();
  // Process CPU, memory, event-loop lag and GC under their standard names (process_*, nodejs_*).
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  // Latency buckets in seconds: a page or API call is tens of ms; a signing with a remote TSA can take seconds.
  const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  return {
    registry,
    httpRequests: new Counter({ name: 'signet_http_requests_total', help: 'API calls answered, by route (its operation name), method and HTTP status.', labelNames: ['route', 'method', 'status'], registers }),
    httpDuration: new Histogram({ name: 'signet_http_request_duration_seconds', help: 'Time to answer an API call, by route (its operation name) and method.', labelNames: ['route', 'method'], buckets, registers }),
    signings: new Counter({ name: 'signet_signings_total', help: 'Signing attempts (the ceremony’s completing call), by outcome (ok, refused, error) and error code ("" when ok).', labelNames: ['outcome', 'code'], registers }),
    signingDuration: new Histogram({ name: 'signet_signing_duration_seconds', help: 'Time the server took to verify, countersign and record a signing, by outcome.', labelNames: ['outcome'], buckets, registers }),
    outboxAttempts: new Counter({ name: 'signet_outbox_attempts_total', help: 'Delivery attempts made by this process, by channel (email, webhook) and result (delivered, retrying, failed).', labelNames: ['channel', 'result'], registers }),
    requests: new Gauge({ name: 'signet_signing_requests', help: 'Signing requests in the database, by status.', labelNames: ['status'], registers }),
    outboxMessages: new Gauge({ name: 'signet_outbox_messages', help: 'Outbox rows by channel and status: pending is the backlog, failed needs an administrator.', labelNames: ['channel', 'status'], registers }),
    outboxOldestPending: new Gauge({ name: 'signet_outbox_oldest_pending_age_seconds', help: 'Age of the oldest undelivered outbox row (0 when none): a growing value means deliveries are stuck.', registers }),
    certificateDaysLeft: new Gauge({ name: 'signet_certificate_days_left', help: 'Whole days until the active certificate of each kind expires (negative once expired).', labelNames: ['kind'], registers }),
    ledgerEntries: new Gauge({ name: 'signet_ledger_entries', help: 'Entries in the transparency ledger (its tree size).', registers }),
  };
}

/** Records one answered API call; signings also count by outcome and error code. */
export function recordCall(call: { action: string | undefined; method: string; status: number; seconds: number; outcome: string; code: string | null }): void {
  const m = instruments();
  const route = call.action ?? 'unknown';
  m.httpRequests.inc({ route, method: call.method, status: String(call.status) });
  m.httpDuration.observe({ route, method: call.method }, call.seconds);
  if (!SIGNING_ACTIONS.has(route)) return;
  m.signings.inc({ outcome: call.outcome, code: call.code ?? '' });
  m.signingDuration.observe({ outcome: call.outcome }, call.seconds);
}
