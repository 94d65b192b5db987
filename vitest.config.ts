import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file gets its own in-memory database and loopback server; two workers fit the 2-core CI machine.
    maxWorkers: 2,
    testTimeout: 20_000,
  },
});
