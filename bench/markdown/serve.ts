// The bench pages (bench/markdown/*.html) built for production, served on 127.0.0.1 and opened in
// Chromium: what the markdown benches share.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import type { Page } from 'playwright-core'
import { build, preview } from 'vite'
import { launchChromium } from '../../scripts/browser.js'

const root = fileURLToPath(new URL('./', import.meta.url))

export interface BenchPage {
  readonly page: Page
  /** Closes the browser and the server and removes the build. */
  close(): Promise<void>
}

/** Builds the page `html` (a file in bench/markdown), serves it, and opens `html` + `search` in Chromium. */
export async function openBenchPage(html: string, search = ''): Promise<BenchPage> {
  const outDir = mkdtempSync(join(tmpdir(), 'ras-bench-'))
  await build({
    configFile: false,
    root,
    logLevel: 'error',
    plugins: [react()],
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      outDir,
      emptyOutDir: true,
      minify: true,
      chunkSizeWarningLimit: 10_000,
      rolldownOptions: { input: join(root, html) },
    },
  })
  const server = await preview({
    configFile: false,
    root,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0 },
  })
  const url = server.resolvedUrls?.local[0] ?? ''
  const browser = await launchChromium()
  const close = async () => {
    await browser.close()
    await server.close()
    rmSync(outDir, { recursive: true, force: true })
  }
  try {
    const page = await browser.newPage()
    page.setDefaultTimeout(0)
    await page.goto(`${url}${html === 'index.html' ? '' : html}${search}`)
    return { page, close }
  } catch (error) {
    await close()
    throw error
  }
}
