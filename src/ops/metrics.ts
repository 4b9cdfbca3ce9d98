/**
 * What operators watch, in the Prometheus text format (`GET /metrics`): requests by route and status with
 * their latency, cases and steps written and imports by outcome (so rows per second is a `rate()`), the
 * event loop's lag and the process's own figures, and the database pool in use and waiting. One registry
 * per app, so tests and several apps in one process do not share counters.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface PoolFigures {
  total: number;
  idle: number;
  waiting: number;
}

export function createMetrics(pool?: () => PoolFigures | undefined) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const requests = new Counter({ name: 'verdict_http_requests_total', help: 'HTTP requests by method, route and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const latency = new Histogram({
    name: 'verdict_http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const cases = new Counter({ name: 'verdict_cases_written_total', help: 'Case result rows written (every way in)', registers: [registry] });
  const steps = new Counter({ name: 'verdict_steps_written_total', help: 'Step result rows written (every way in)', registers: [registry] });
  const imports = new Counter({ name: 'verdict_imports_total', help: 'Report uploads by outcome: stored, duplicate (a re-sent shard) or refused', labelNames: ['outcome'], registers: [registry] });
  new Gauge({
    name: 'verdict_db_pool_connections',
    help: 'PostgreSQL pool connections: total, idle, and requests waiting for one (SQLite has no pool)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const figures = pool?.();
      if (!figures) return;
      this.set({ state: 'total' }, figures.total);
      this.set({ state: 'idle' }, figures.idle);
      this.set({ state: 'in_use' }, figures.total - figures.idle);
      this.set({ state: 'waiting' }, figures.waiting);
    },
  });
  return {
    registry,
    /** Another gauge, registered by a later part (the webhook outbox's depth). */
    gauge(name: string, help: string, collect: () => number | Promise<number>) {
      new Gauge({ name, help, registers: [registry], async collect() { this.set(await collect()); } });
    },
    request(method: string, route: string, status: number, seconds: number) {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
    },
    written(w: { cases: number; steps: number }) {
      cases.inc(w.cases);
      steps.inc(w.steps);
    },
    imported(outcome: 'stored' | 'duplicate' | 'refused') {
      imports.inc({ outcome });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
