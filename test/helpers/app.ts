import { createApiKey } from '../../src/auth/api-keys.js';
import { buildApp, type AppDeps } from '../../src/http/app.js';
import { freshStore, type DatabaseKind } from './databases.js';

export const NOW = Date.parse('2026-11-28T12:00:00Z');

/** A store, an app on it (not listening) and a key for workspace "acme"; `config` overrides the app's settings. */
export async function testApp(kind: DatabaseKind, config: Partial<AppDeps['config']> = {}) {
  const store = await freshStore(kind);
  const app = await buildApp({ store, config: { bodyLimitBytes: 10 * 1024 * 1024, publicUrl: 'http://verdict.test', logLevel: 'silent', ...config }, clock: () => NOW, logger: false });
  const { key, workspaceId } = await createApiKey(store, 'acme', 'ci', NOW);
  const auth = { authorization: `Bearer ${key}` };
  return {
    store,
    app,
    key,
    workspaceId,
    auth,
    get: (url: string) => app.inject({ method: 'GET', url, headers: auth }),
    post: (url: string, payload?: unknown) => app.inject({ method: 'POST', url, headers: auth, payload: payload as object }),
    async close() {
      await app.close();
      await store.drop();
    },
  };
}
