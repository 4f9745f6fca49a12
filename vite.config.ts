import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import pkg from './package.json' with { type: 'json' }

const externalNames = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies), /^node:/]

function isExternal(id: string): boolean {
  return externalNames.some((name) =>
    typeof name === 'string' ? id === name || id.startsWith(`${name}/`) : name.test(id),
  )
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
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external: isExternal,
      output: {
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
})
