import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Tests that spawn bin/bpf-migrate.js run dist/: rebuilt here when a source is newer.
    globalSetup: ['test/support/build-dist.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/precommit/**'] } },
      // The hooks end to end (pre-commit try-repo builds a copy of the checkout): slow, and run on their own.
      { extends: true, test: { name: 'precommit', include: ['test/precommit/**/*.test.ts'] } },
    ],
  },
});
