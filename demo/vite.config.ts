import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const src = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url))

/** The playground resolves the package name to the sources, so it always runs the current code. */
export const playgroundAliases = [
  { find: /^react-agent-stream$/, replacement: src('index.ts') },
  { find: /^react-agent-stream\/core$/, replacement: src('entries/core.ts') },
  { find: /^react-agent-stream\/protocols\/([a-z-]+)$/, replacement: src('entries/protocols/$1.ts') },
  { find: /^react-agent-stream\/markdown$/, replacement: src('entries/markdown.ts') },
  { find: /^react-agent-stream\/testing$/, replacement: src('entries/testing.ts') },
  { find: /^react-agent-stream\/shiki$/, replacement: src('entries/shiki.ts') },
  { find: /^react-agent-stream\/styles\.css$/, replacement: src('styles.css') },
]

export function playgroundConfig(mockPort: number, port = 5173) {
  return defineConfig({
    root: fileURLToPath(new URL('.', import.meta.url)),
    plugins: [react()],
    resolve: { alias: playgroundAliases },
    server: {
      host: '127.0.0.1',
      port,
      strictPort: false,
      proxy: {
        '/api': { target: `http://127.0.0.1:${mockPort}`, changeOrigin: true },
        '/ws': { target: `ws://127.0.0.1:${mockPort}`, ws: true },
      },
    },
    logLevel: 'warn',
  })
}

export default playgroundConfig(Number(process.env.MOCK_PORT ?? 8787))
