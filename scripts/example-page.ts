// examples/react served by Vite for the end-to-end scripts, its endpoints proxied to a backend so
// the page and the API share one origin, as in production.
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { createServer, type Logger, type ProxyOptions } from 'vite'
import { playgroundAliases } from '../demo/vite.config.js'
import { freePort } from '../test/helpers/local-server.js'

const repo = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url))

export interface ExamplePageOptions {
  /**
   * Vite's cache folder under node_modules, one per script: not the shared node_modules/.vite, which
   * the playground may be optimizing at the same time.
   */
  cacheName: string
  /** Vite's proxy table: path prefix to the backend. */
  proxy: Record<string, string | ProxyOptions>
  /** Replaces Vite's logger. @default Vite's, errors only */
  customLogger?: Logger
}

export interface ExamplePage {
  /** The page's URL on 127.0.0.1. */
  url: string
  close(): Promise<void>
}

/** Serves examples/react on a free port of 127.0.0.1 (no HMR) and resolves once it listens. */
export async function startExamplePage(options: ExamplePageOptions): Promise<ExamplePage> {
  const vite = await createServer({
    configFile: false,
    root: repo('examples/react'),
    cacheDir: repo(`node_modules/${options.cacheName}`),
    plugins: [react()],
    resolve: { alias: playgroundAliases },
    logLevel: 'error',
    ...(options.customLogger ? { customLogger: options.customLogger } : {}),
    server: { host: '127.0.0.1', port: await freePort(), strictPort: true, hmr: false, proxy: options.proxy },
  })
  await vite.listen()
  return {
    url: vite.resolvedUrls?.local[0] ?? `http://127.0.0.1:${vite.config.server.port}/`,
    close: () => vite.close(),
  }
}
