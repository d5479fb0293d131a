import { defineConfig } from "vitest/config";

// The tests in tests/ share one stack: global-setup.ts brings it up before the first test file
// and removes it after the last.
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["./global-setup.ts"],
    testTimeout: 30_000,
  },
});
