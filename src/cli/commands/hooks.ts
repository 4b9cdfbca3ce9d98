/**
 * `verdict hooks`: a plan's trigger hook, set, shown or removed over the database (as `verdict keys` does),
 * with the same checks and sealing as `PUT /api/v3/test_plans/{id}/trigger_hook`. Header and secret values
 * are taken once and never printed; pass them from the environment so they stay out of shell history:
 * `--header "Authorization: Bearer $GH_PAT"`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { configuredSecretBox } from '../../auth/secret-box.js';
import { VerdictError } from '../../core/errors.js';
import type { HookMethod } from '../../core/trigger-hook.js';
import { presentTriggerHook } from '../../http/trigger-presenters.js';
import { ensureIdentities, PLAN } from '../../store/identity-repository.js';
import { findPlanByName } from '../../store/report-repository.js';
import { deleteTriggerHook, findTriggerHook } from '../../store/trigger-repository.js';
import { findWorkspaceByName } from '../../store/workspace-repository.js';
import { saveHook } from '../../triggers/index.js';
import { openDatabase } from '../open-database.js';
import type { Io } from '../main.js';

export const HOOKS_USAGE = `verdict hooks set --workspace NAME --plan NAME --url URL [--method POST|PUT|PATCH] [--header 'NAME: VALUE']...
               [--secret NAME=VALUE]... [--body JSON|@FILE] [--timeout-minutes N] [--db PATH]
    the hook a trigger calls so the CI runs the plan (creates the plan if it has no runs yet);
    header and secret values are stored encrypted and never shown
verdict hooks show --workspace NAME --plan NAME [--json] [--db PATH]
verdict hooks remove --workspace NAME --plan NAME [--db PATH]`;

const OPTIONS = {
  db: { type: 'string' },
  workspace: { type: 'string' },
  plan: { type: 'string' },
  url: { type: 'string' },
  method: { type: 'string' },
  header: { type: 'string', multiple: true },
  secret: { type: 'string', multiple: true },
  body: { type: 'string' },
  'timeout-minutes': { type: 'string' },
  json: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

export async function hooksCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  let values: Values;
  try {
    values = parseArgs({ args: rest, options: OPTIONS }).values;
  } catch (e) {
    io.err(`${(e as Error).message}\n${HOOKS_USAGE}`);
    return 2;
  }
  const problem = !['set', 'show', 'remove'].includes(sub ?? '') ? 'needs set, show or remove' : !values.workspace || !values.plan ? 'needs --workspace NAME and --plan NAME' : sub === 'set' && !values.url ? 'set needs --url URL' : undefined;
  if (problem) {
    io.err(`verdict hooks ${problem}\n${HOOKS_USAGE}`);
    return 2;
  }
  let settings;
  try {
    settings = sub === 'set' ? settingsOf(values) : undefined;
  } catch (e) {
    io.err(`verdict hooks set: ${(e as Error).message}`);
    return 2;
  }
  const { store, config } = await openDatabase(values);
  try {
    const workspace = await findWorkspaceByName(store.db, values.workspace!);
    if (!workspace) {
      io.err(`no workspace "${values.workspace}"`);
      return 1;
    }
    const now = Date.now();
    if (settings) {
      const planId = (await ensureIdentities(store.db, store.traits, workspace.id, PLAN, [{ key: [values.plan!], extra: { created_at: now } }])).get(values.plan!)!;
      const hook = await saveHook(store.db, configuredSecretBox(config), workspace.id, planId, settings, now);
      io.err(`Set the trigger hook of plan "${values.plan}" (id ${planId}): ${hook.method} ${hook.url}. Header and secret values are stored encrypted and will not be shown again.`);
      io.err(`Trigger it: POST /api/v1/execution_results {"executionId": ${planId}}`);
      printHook(presentTriggerHook(hook), Boolean(values.json), io);
      return 0;
    }
    const plan = (await findPlanByName(store.db, workspace.id, values.plan!))?.id;
    if (plan === undefined) {
      io.err(`no plan "${values.plan}" in workspace "${values.workspace}"`);
      return 1;
    }
    if (sub === 'show') {
      const hook = await findTriggerHook(store.db, workspace.id, plan);
      if (!hook) {
        io.err(`plan "${values.plan}" has no trigger hook`);
        return 1;
      }
      printHook(presentTriggerHook(hook), Boolean(values.json), io);
      return 0;
    }
    const removed = await deleteTriggerHook(store.db, workspace.id, plan);
    io.err(removed ? `Removed the trigger hook of plan "${values.plan}".` : `plan "${values.plan}" has no trigger hook`);
    return removed ? 0 : 1;
  } catch (e) {
    if (e instanceof VerdictError) {
      io.err(`verdict hooks ${sub}: ${e.message}`);
      return 2;
    }
    throw e;
  } finally {
    await store.close();
  }
}

/** `--header 'Name: value'` (as curl takes it), `--secret NAME=VALUE`, `--body JSON` or `@file`. */
function settingsOf(values: Values) {
  const pairs = (items: string[] | undefined, separator: string, what: string) =>
    Object.fromEntries(
      (items ?? []).map((item) => {
        const at = item.indexOf(separator);
        // The value may be a secret: only the name is quoted back.
        if (at <= 0) throw new Error(`${what} takes NAME${separator === ':' ? ': ' : '='}VALUE, got one without "${separator}" (${item.slice(0, Math.max(0, at)) || 'no name'})`);
        return [item.slice(0, at).trim(), item.slice(at + 1).trim()];
      }),
    );
  const bodyText = values.body?.startsWith('@') ? readFileSync(values.body.slice(1), 'utf8') : values.body;
  let body: unknown = null;
  if (bodyText !== undefined) {
    try {
      body = JSON.parse(bodyText);
    } catch (e) {
      throw new Error(`--body is not JSON: ${(e as Error).message}`);
    }
  }
  const timeout = values['timeout-minutes'];
  if (timeout !== undefined && !/^\d+$/.test(timeout)) throw new Error(`--timeout-minutes takes a whole number, got "${timeout}"`);
  return {
    url: values.url!,
    method: (values.method ?? 'POST').toUpperCase() as HookMethod,
    headers: pairs(values.header, ':', '--header'),
    secrets: pairs(values.secret, '=', '--secret'),
    body,
    timeoutMinutes: timeout === undefined ? null : Number(timeout),
  };
}

function printHook(hook: ReturnType<typeof presentTriggerHook>, json: boolean, io: Io) {
  if (json) {
    io.out(JSON.stringify(hook, null, 2));
    return;
  }
  io.out(`${hook.method} ${hook.url}`);
  for (const name of Object.keys(hook.headers)) io.out(`header ${name}: ${hook.headers[name]}`);
  for (const name of Object.keys(hook.secrets)) io.out(`secret ${name}: ${hook.secrets[name]}`);
  if (hook.body !== null) io.out(`body ${JSON.stringify(hook.body)}`);
  io.out(`timeout ${hook.timeoutMinutes === null ? 'the server default' : `${hook.timeoutMinutes} minutes`}`);
}
