import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The TypeScript benchmarks only: dist-bench/ holds their compiled copies (for bench:dedup and
    // bench:pipeline), which a path filter such as `bench/` would also match.
    benchmark: { include: ['bench/**/*.bench.ts'] },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
