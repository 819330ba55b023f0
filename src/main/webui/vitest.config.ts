import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Unit tests of both packages and the dashboard; they import the packages from source, so no build is needed first.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  resolve: {
    alias: {
      '@video-jobs/client': fileURLToPath(new URL('./packages/client/src/index.ts', import.meta.url)),
      '@video-jobs/react': fileURLToPath(new URL('./packages/react/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.{ts,tsx}', 'dashboard/test/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
