import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/tests/**/*.test.ts", "stacks/tests/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Stack synthesis bundles every function with esbuild: give those files room and keep CI memory flat.
    pool: "forks",
    env: { POWERTOOLS_LOG_LEVEL: "WARN", AWS_REGION: "us-east-1" },
  },
});
