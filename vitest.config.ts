import { fileURLToPath } from 'node:url'
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin'
import react from '@vitejs/plugin-react'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'
import { playgroundAliases } from './demo/vite.config.js'
import { chromiumPath } from './scripts/chromium.mjs'

/** One provider per project: one instance shared by several projects fails to initialise. */
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

/** React 18 from test/react18 (its own lockfile), so both majors of the peer range are tested. */
const react18 = (path: string) =>
  fileURLToPath(new URL(`./test/react18/node_modules/${path}`, import.meta.url))
const react18Aliases = [
  { find: /^react$/, replacement: react18('react/index.js') },
  { find: /^react\/jsx-runtime$/, replacement: react18('react/jsx-runtime.js') },
  { find: /^react\/jsx-dev-runtime$/, replacement: react18('react/jsx-dev-runtime.js') },
  { find: /^react-dom$/, replacement: react18('react-dom/index.js') },
  { find: /^react-dom\/client$/, replacement: react18('react-dom/client.js') },
  { find: /^react-dom\/server$/, replacement: react18('react-dom/server.node.js') },
  { find: /^react-dom\/test-utils$/, replacement: react18('react-dom/test-utils.js') },
  // Its CommonJS build would require React 19 past the aliases: use the ES module build.
  {
    find: /^@testing-library\/react$/,
    replacement: fileURLToPath(
      new URL('./node_modules/@testing-library/react/dist/@testing-library/react.esm.js', import.meta.url),
    ),
  },
]

const domTests = [
  'test/hooks/**/*.test.{ts,tsx}',
  'test/components/**/*.test.{ts,tsx}',
  'test/**/*.dom.test.{ts,tsx}',
]

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [
      ...playgroundAliases,
      {
        find: /^react-agent-stream\/testing\/server$/,
        replacement: new URL('./src/entries/testing-server.ts', import.meta.url).pathname,
      },
      {
        find: /^react-agent-stream\/server$/,
        replacement: new URL('./src/entries/server.ts', import.meta.url).pathname,
      },
    ],
  },
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
          testTimeout: 30_000,
          environment: 'jsdom',
          include: domTests,
          exclude: ['test/browser/**', 'node_modules/**'],
          setupFiles: ['test/setup-jsdom.ts'],
        },
      },
      {
        extends: true,
        resolve: { alias: react18Aliases },
        test: {
          name: 'react18',
          testTimeout: 30_000,
          environment: 'jsdom',
          include: domTests,
          exclude: ['test/browser/**', 'node_modules/**'],
          setupFiles: ['test/setup-jsdom.ts'],
          // Inlined so the React 18 aliases reach the libraries that import React too.
          server: { deps: { inline: [/@testing-library\/react/, /react-markdown/, /streamdown/] } },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          testTimeout: 60_000,
          // One file at a time: frame counts and heap sizes must not share the page with another test.
          fileParallelism: false,
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
          // The first story of a file waits for Vite to transform it; on a loaded CI machine that is slow.
          testTimeout: 60_000,
          browser: chromium(),
        },
      },
    ],
  },
})
