import { configDefaults, defineConfig } from 'vitest/config';

const AGENTS = 'test/reportportal/agents.test.ts';

export default defineConfig({
  test: {
    globalSetup: ['test/helpers/corpus-notice.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'verdict', include: ['test/**/*.test.ts', 'src/**/*.test.ts'], exclude: [...configDefaults.exclude, AGENTS] } },
      // The real ReportPortal agents spawn test runners of their own: they run last, not beside the tests that time themselves (soak).
      { extends: true, test: { name: 'agents', include: [AGENTS], sequence: { groupOrder: 1 } } },
    ],
  },
});
