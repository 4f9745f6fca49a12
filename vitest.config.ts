import { storybookTest } from '@storybook/addon-vitest/vitest-plugin'
import react from '@vitejs/plugin-react'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'
import { playgroundAliases } from './demo/vite.config.js'
import { chromiumPath } from './scripts/chromium.mjs'

/** One provider per project: a shared instance fails to initialise (toolchain.md, failure 13). */
function chromium() {
  return {
    enabled: true,
    headless: true,
    screenshotFailures: false,
    instances: [{ browser: 'chromium' as const }],
    provider: playwright({
      launchOptions: {
        executablePath: chromiumPath(),
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    }),
  }
}

const domTests = ['test/hooks/**/*.test.{ts,tsx}', 'test/components/**/*.test.{ts,tsx}', 'test/**/*.dom.test.{ts,tsx}']

export default defineConfig({
  plugins: [react()],
  resolve: { alias: [...playgroundAliases, { find: /^react-agent-stream\/testing\/server$/, replacement: new URL('./src/entries/testing-server.ts', import.meta.url).pathname }] },
  test: {
    globals: true,
    restoreMocks: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: [...domTests, 'test/browser/**', 'node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'jsdom',
          environment: 'jsdom',
          include: domTests,
          exclude: ['test/browser/**', 'node_modules/**'],
          setupFiles: ['test/setup-jsdom.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.browser.test.{ts,tsx}'],
          globalSetup: ['test/browser/global-setup.ts'],
          browser: chromium(),
        },
      },
      {
        extends: true,
        plugins: [storybookTest({ configDir: '.storybook' })],
        test: {
          name: 'storybook',
          browser: chromium(),
        },
      },
    ],
  },
})
