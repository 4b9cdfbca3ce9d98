/**
 * A throw-away PostgreSQL database on a server we may create databases on (the test cluster of
 * `.ci/run`, or a bench's `BENCH_DATABASE_URL`); `drop()` removes it, disconnecting whoever is left.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

async function onAdmin(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function createScratchDatabase(adminUrl: string, prefix = 'verdict_scratch'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await onAdmin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onAdmin(adminUrl, `drop database if exists ${name} with (force)`) };
}
