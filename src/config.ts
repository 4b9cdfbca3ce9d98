/**
 * The one place that reads the environment. Every variable Verdict understands is listed here.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `DATABASE_URL` | unset | PostgreSQL connection string; when unset Verdict uses SQLite |
 * | `VERDICT_DB` | `./data/verdict.db` | SQLite file (WAL mode) |
 * | `PORT` | `8080` | HTTP port |
 * | `HOST` | `127.0.0.1` | HTTP address (`0.0.0.0` to listen on every interface) |
 * | `VERDICT_BODY_LIMIT_MB` | `100` | largest request body, in MiB; larger ones get 413 |
 * | `VERDICT_PUBLIC_URL` | `http://HOST:PORT` | the server's URL as users see it (links in reports) |
 * | `LOG_LEVEL` | `info` | pino level: fatal, error, warn, info, debug, trace, silent; `info` logs only failed and slow requests, `debug` every request (http/logging.ts) |
 * | `VERDICT_RATE_LIMIT` | `60000` | requests a minute per API key, with bursts of a minute's worth (0: no limit); over it, 429 with Retry-After |
 * | `VERDICT_CONCURRENCY_PER_KEY` | `16` | requests of one API key worked on at once; the next wait their turn (0: no limit) |
 * | `VERDICT_AUTH_FAILURE_LIMIT` | `60` | failed authentications a minute per client address; over it, every request from that address is 429 for the rest of the minute |
 * | `VERDICT_IDLE_TIMEOUT_S` | `30` | a connection that sends nothing for this long is closed (a stalled upload) |
 * | `VERDICT_REQUEST_TIMEOUT_S` | `600` | the longest a request may take to arrive, body included; then 408 |
 * | `VERDICT_HEADERS_TIMEOUT_S` | `20` | the longest the request headers may take to arrive |
 * | `VERDICT_METRICS_TOKEN` | unset | when set, `GET /metrics` needs `Authorization: Bearer <token>` |
 * | `VERDICT_ATTACHMENTS_DIR` | `attachments` beside the SQLite file (`./data/attachments`) | where attachment bytes are kept; API nodes of one PostgreSQL database share it |
 * | `VERDICT_ATTACHMENT_LIMIT_MB` | `25` | largest attachment; larger ones get 413 |
 * | `VERDICT_SECRET_KEY` | unset | 32 bytes (64 hex digits or base64) that encrypt trigger-hook and webhook secrets; unset: a key file made beside the SQLite database (`<db>.key`, mode 0600). PostgreSQL nodes must share one |
 * | `VERDICT_TRIGGER_TIMEOUT_MINUTES` | `60` | a triggered run that receives no results this long ends ABORTED (a plan's hook may set its own) |
 * | `VERDICT_SESSION_IDLE_HOURS` | `168` | a web UI session not used for this long ends (each use slides it on) |
 * | `VERDICT_SESSION_MAX_DAYS` | `30` | a web UI session ends this long after sign-in, however much it is used |
 * | `VERDICT_TRUST_PROXY` | unset | the reverse proxy in front: `true` (any), a hop count, or addresses/CIDRs (`127.0.0.1,10.0.0.0/8`). Only then are `X-Forwarded-Proto` (Secure session cookies behind HTTPS) and `X-Forwarded-For` (client addresses) believed |
 */
import { dirname, join } from 'node:path';

export const DEFAULT_SQLITE_PATH = './data/verdict.db';

export interface Config {
  databaseUrl?: string;
  sqlitePath: string;
  port: number;
  host: string;
  bodyLimitBytes: number;
  publicUrl: string;
  logLevel: string;
  rateLimitPerMinute: number;
  authFailuresPerMinute: number;
  concurrencyPerKey: number;
  /** Bearer token `GET /metrics` requires, when set. */
  metricsToken?: string;
  attachmentsDir: string;
  attachmentLimitBytes: number;
  /** Connection and request timeouts, in milliseconds (see the table above). */
  timeouts: { idleMs: number; requestMs: number; headersMs: number };
  /** The key that seals trigger-hook secrets; absent: a key file beside the SQLite database (auth/secret-box.ts). */
  secretKey?: Buffer;
  triggerTimeoutMinutes: number;
  /** Web UI sessions: idle time (sliding) and absolute lifetime, in milliseconds (auth/sessions.ts). */
  sessions: { idleMs: number; maxMs: number };
  /** Fastify's `trustProxy`: whom to believe about the original protocol and client address. */
  trustProxy: boolean | number | string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = overrides.port ?? intOf(env.PORT, 'PORT', 8080);
  const host = overrides.host ?? env.HOST ?? '127.0.0.1';
  return {
    databaseUrl: overrides.databaseUrl ?? (env.DATABASE_URL || undefined),
    sqlitePath: overrides.sqlitePath ?? env.VERDICT_DB ?? DEFAULT_SQLITE_PATH,
    port,
    host,
    bodyLimitBytes: overrides.bodyLimitBytes ?? intOf(env.VERDICT_BODY_LIMIT_MB, 'VERDICT_BODY_LIMIT_MB', 100) * 1024 * 1024,
    publicUrl: overrides.publicUrl ?? env.VERDICT_PUBLIC_URL ?? `http://${host}:${port}`,
    logLevel: overrides.logLevel ?? env.LOG_LEVEL ?? 'info',
    rateLimitPerMinute: overrides.rateLimitPerMinute ?? (env.VERDICT_RATE_LIMIT === '0' ? 0 : intOf(env.VERDICT_RATE_LIMIT, 'VERDICT_RATE_LIMIT', 60_000)),
    concurrencyPerKey: overrides.concurrencyPerKey ?? (env.VERDICT_CONCURRENCY_PER_KEY === '0' ? 0 : intOf(env.VERDICT_CONCURRENCY_PER_KEY, 'VERDICT_CONCURRENCY_PER_KEY', 16)),
    authFailuresPerMinute: overrides.authFailuresPerMinute ?? (env.VERDICT_AUTH_FAILURE_LIMIT === '0' ? 0 : intOf(env.VERDICT_AUTH_FAILURE_LIMIT, 'VERDICT_AUTH_FAILURE_LIMIT', 60)),
    metricsToken: overrides.metricsToken ?? (env.VERDICT_METRICS_TOKEN || undefined),
    attachmentsDir: overrides.attachmentsDir ?? env.VERDICT_ATTACHMENTS_DIR ?? join(dirname(overrides.sqlitePath ?? env.VERDICT_DB ?? DEFAULT_SQLITE_PATH), 'attachments'),
    attachmentLimitBytes: overrides.attachmentLimitBytes ?? intOf(env.VERDICT_ATTACHMENT_LIMIT_MB, 'VERDICT_ATTACHMENT_LIMIT_MB', 25) * 1024 * 1024,
    timeouts: overrides.timeouts ?? {
      idleMs: intOf(env.VERDICT_IDLE_TIMEOUT_S, 'VERDICT_IDLE_TIMEOUT_S', 30) * 1000,
      requestMs: intOf(env.VERDICT_REQUEST_TIMEOUT_S, 'VERDICT_REQUEST_TIMEOUT_S', 600) * 1000,
      headersMs: intOf(env.VERDICT_HEADERS_TIMEOUT_S, 'VERDICT_HEADERS_TIMEOUT_S', 20) * 1000,
    },
    secretKey: overrides.secretKey ?? keyOf(env.VERDICT_SECRET_KEY),
    triggerTimeoutMinutes: overrides.triggerTimeoutMinutes ?? intOf(env.VERDICT_TRIGGER_TIMEOUT_MINUTES, 'VERDICT_TRIGGER_TIMEOUT_MINUTES', 60),
    sessions: overrides.sessions ?? {
      idleMs: intOf(env.VERDICT_SESSION_IDLE_HOURS, 'VERDICT_SESSION_IDLE_HOURS', 168) * 3_600_000,
      maxMs: intOf(env.VERDICT_SESSION_MAX_DAYS, 'VERDICT_SESSION_MAX_DAYS', 30) * 86_400_000,
    },
    trustProxy: overrides.trustProxy ?? trustProxyOf(env.VERDICT_TRUST_PROXY),
  };
}

/** `true`, a hop count, or a list of addresses and CIDRs, as Fastify's `trustProxy` takes them; unset or `false`: nobody. */
function trustProxyOf(value: string | undefined): boolean | number | string {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^[0-9a-fA-F.:/,\s]+$/.test(text)) throw new Error(`VERDICT_TRUST_PROXY must be true, a hop count or addresses/CIDRs separated by commas, got "${text}"`);
  return text;
}

/** 32 bytes as 64 hex digits or base64 (`openssl rand -hex 32`); the value itself is never echoed. */
function keyOf(value: string | undefined): Buffer | undefined {
  if (value === undefined || value === '') return undefined;
  const text = value.trim();
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(text) ? Buffer.from(text, 'base64') : undefined;
  if (key?.length !== 32) throw new Error('VERDICT_SECRET_KEY must be 32 bytes, as 64 hex digits or base64 (openssl rand -hex 32)');
  return key;
}

function intOf(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
}
