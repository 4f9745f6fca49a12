import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import pkg from './package.json' with { type: 'json' }

const externalNames = [
  ...Object.keys(pkg.dependencies),
  ...Object.keys(pkg.peerDependencies),
  /^node:/,
  'ws',
]

function isExternal(id: string): boolean {
  return externalNames.some((name) =>
    typeof name === 'string' ? id === name || id.startsWith(`${name}/`) : name.test(id),
  )
}

/** Chunks holding hooks or components are React client code: they carry the 'use client' directive. */
function isReactChunk(moduleIds: readonly string[]): boolean {
  return moduleIds.some((id) => /[\\/]src[\\/](hooks|components)[\\/]|[\\/]src[\\/]index\.ts$/.test(id))
}

// Library build only. Declarations come from `tsc -p tsconfig.build.json` (a .d.ts plugin here would
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
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external: isExternal,
      output: {
        banner: (chunk) => (isReactChunk(chunk.moduleIds) ? "'use client';" : ''),
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
})
