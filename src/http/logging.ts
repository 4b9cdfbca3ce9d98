/**
 * What the server logs: one short line per finished request at most, and at the default level (info)
 * only the lines worth reading, so a terminal stays readable and a printed key does not scroll away:
 *
 *   5xx                error   `GET /api/v3/test_runs/517 500 12 ms`
 *   slow (>= 1 s)      warn
 *   4xx                info
 *   everything else    debug   (`LOG_LEVEL=debug` shows every request)
 *
 * JSON lines (pino) for machines; on a terminal, `prettyStream` prints them as `12:00:00 INFO  message`.
 * Request headers are never logged, so neither is an API key.
 */
import { Writable } from 'node:stream';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export const SLOW_REQUEST_MS = 1000;

type Level = 'error' | 'warn' | 'info' | 'debug';

export function requestLogLevel(statusCode: number, ms: number): Level {
  if (statusCode >= 500) return 'error';
  if (ms >= SLOW_REQUEST_MS) return 'warn';
  if (statusCode >= 400) return 'info';
  return 'debug';
}

/** Fastify's request lines ("incoming request", "request completed") replaced by the one line above. */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(_error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const ms = Math.round(reply.elapsedTime);
    const level = requestLogLevel(reply.statusCode, ms);
    request.log[level]({ method: request.method, url: request.url, statusCode: reply.statusCode, ms }, `${request.method} ${request.url} ${reply.statusCode} ${ms} ms`);
  }
}

/** pino options for Fastify's `logger`: JSON on stdout, or the readable form when `pretty`. */
export function loggerOptions(level: string, pretty = false) {
  return {
    level,
    // Defence in depth: nothing logs request headers today, but a key must never reach a log.
    redact: ['req.headers.authorization', 'req.headers["x-ts-api-key"]', 'req.headers.cookie', 'headers.authorization', 'headers["x-ts-api-key"]', 'headers.cookie', 'res.headers["set-cookie"]'],
    ...(pretty ? { stream: prettyStream(process.stdout) } : {}),
  };
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const LEVEL_COLOURS: Record<number, string> = { 10: '90', 20: '90', 30: '32', 40: '33', 50: '31', 60: '31' };
/** pino's own keys and the request line's, already in its message. */
const QUIET_KEYS = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'err', 'method', 'url', 'statusCode', 'ms']);

/** One pino JSON line as `HH:MM:SS LEVEL message key=value…`, with an error's stack below it. */
export function prettyLine(json: string, colour = false): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const level = Number(record.level);
  const time = new Date(Number(record.time)).toTimeString().slice(0, 8);
  const name = (LEVEL_NAMES[level] ?? String(record.level)).padEnd(5);
  const extras = Object.entries(record)
    .filter(([k, v]) => !QUIET_KEYS.has(k) && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${k}=${String(v)}`);
  const err = record.err as { stack?: string; message?: string } | undefined;
  const head = `${time} ${colour ? `\x1b[${LEVEL_COLOURS[level] ?? '0'}m${name}\x1b[0m` : name} ${[record.msg ?? '', ...extras].join(' ')}`;
  return err ? `${head}\n${err.stack ?? err.message ?? ''}` : head;
}

/** A destination for pino that writes `prettyLine`s, coloured when the target is a terminal. */
export function prettyStream(target: NodeJS.WriteStream): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) if (line) target.write(`${prettyLine(line, target.isTTY === true)}\n`);
      done();
    },
  });
}
