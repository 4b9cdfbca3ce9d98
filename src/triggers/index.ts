/** Triggering plans: hooks (stored sealed) and the trigger that opens a waiting run and calls its plan's hook. */
export { saveHook } from './hook-settings.js';
export { triggerRun, type TriggerDeps, type TriggerRequest } from './trigger-run.js';
