import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    globalSetup: ['test/helpers/corpus-notice.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
