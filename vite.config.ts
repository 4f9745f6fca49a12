import { readdirSync } from 'node:fs'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import pkg from './package.json' with { type: 'json' }

const externalNames = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies), /^node:/]

function isExternal(id: string): boolean {
  return externalNames.some((name) =>
    typeof name === 'string' ? id === name || id.startsWith(`${name}/`) : name.test(id),
  )
}

/**
 * `protocol-openai-chat` for src/protocols/openai-chat.ts: one chunk per protocol module. The hooks
 * load the registry (every decoder) with a dynamic import, and bundlers split by module: a protocol
 * an app imports by name must not share a chunk with the decoders only the registry needs, or they
 * all load up front. The barrel index.ts stays with the entry that imports it.
 */
function protocolChunkName(id: string): string | null {
  const name = /[\\/]src[\\/]protocols[\\/]([a-z-]+)\.ts$/.exec(id)?.[1]
  return name === undefined || name === 'index' ? null : `protocol-${name}`
}

/**
 * `core-session-runs` for src/core/session/runs.ts: one chunk per module of the core and the
 * transports. The hooks load the session engine and the SSE transport with a dynamic import after
 * their first render; a module the hooks need at once must not share a chunk with engine code, or
 * bundlers that split by file (esbuild) load the engine up front with it.
 */
function moduleChunkName(id: string): string | null {
  const match = /[\\/]src[\\/](core|transports)[\\/]([a-z/-]+)\.ts$/.exec(id)
  if (match === null || match[2] === 'index') return null
  return `${match[1]}-${(match[2] as string).replaceAll('/', '-')}`
}

/** `protocols/openai-chat` for src/entries/protocols/openai-chat.ts: a package subpath per protocol. */
function protocolEntries(): Record<string, string> {
  const entries: Record<string, string> = {}
  for (const file of readdirSync('src/entries/protocols'))
    entries[`protocols/${file.replace(/\.ts$/, '')}`] = `src/entries/protocols/${file}`
  return entries
}

// Library build only. The 'use client' directive at the top of src/index.ts survives into dist/index.js
// (checked by scripts/check-package.mjs). Declarations come from `tsc -p tsconfig.build.json` (a .d.ts plugin here would
// also run inside Storybook, which loads this file).
export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2022',
    sourcemap: true,
    emptyOutDir: true,
    copyPublicDir: false,
    lib: {
      entry: {
        index: 'src/index.ts',
        core: 'src/entries/core.ts',
        markdown: 'src/entries/markdown.ts',
        testing: 'src/entries/testing.ts',
        'testing-server': 'src/entries/testing-server.ts',
        shiki: 'src/entries/shiki.ts',
        server: 'src/entries/server.ts',
        ...protocolEntries(),
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external: isExternal,
      // Required by includeDependenciesRecursively: false below. The entries' exports stay exactly
      // their modules' (test/exports.test.ts pins the declarations; the dist entries were compared).
      preserveEntrySignatures: 'allow-extension',
      output: {
        chunkFileNames: 'chunks/[name]-[hash].js',
        codeSplitting: {
          // Without includeDependenciesRecursively: false, the first protocol chunk would take the
          // core modules it imports and auto.ts every decoder it can choose. The protocol modules
          // import one another without cycles and only define constants and functions at load.
          groups: [
            {
              name: protocolChunkName,
              debugName: 'protocols',
              test: /[\\/]src[\\/]protocols[\\/]/,
              includeDependenciesRecursively: false,
            },
            {
              name: moduleChunkName,
              debugName: 'modules',
              test: /[\\/]src[\\/](core|transports)[\\/]/,
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
})
