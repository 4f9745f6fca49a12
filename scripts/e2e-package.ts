// The package as a user gets it: packs the build, installs the tarball into a new Vite + React +
// TypeScript app in a temporary directory, writes the README's "Using it in your app" snippets into
// it, type-checks (strict) and builds it, starts `npx react-agent-stream-mock` from the installed
// package, serves the build with `vite preview` (proxying /api to the mock, as the README's
// vite.config.ts says) and chats in headless Chromium; then imports the Node entries from the app.
// Writes {passed, failed} to the report path given. Needs `npm run build` first. KEEP_APP=1 keeps
// the app's directory.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import {
  runProcess,
  type StartedProcess,
  startProcess,
  startServerProcess,
  waitUntilReady,
} from '../test/helpers/child-process.js'
import { freePort } from '../test/helpers/local-server.js'
import { launchChromium } from './browser.js'
import { createE2eReport, expectEqual } from './e2e-report.js'
import { packTarball, writeApp } from './package-app.js'

const reportPath = process.argv[2] ?? '.ci-out/e2e-package.json'
// A run that dies before its report leaves none, rather than the last run's counts.
rmSync(reportPath, { force: true })
const report = createE2eReport(reportPath, 'package e2e')
const root = resolve('.')
const work = mkdtempSync(join(tmpdir(), 'ras-package-'))
const app = join(work, 'app')
const running: StartedProcess[] = []

interface Step {
  name: string
  run: () => Promise<void>
  /** The later checks build on this one: when it fails, they are not run. */
  needed?: boolean
}

/**
 * Runs the checks in order. When a check the later ones build on fails, each check left out is
 * recorded as failed with the reason, so a broken install never reads as a short green run.
 */
async function steps(list: Step[]): Promise<void> {
  let blocker: string | undefined
  for (const step of list) {
    if (blocker !== undefined) {
      report.record(step.name, new Error(`not run: "${blocker}" failed`))
      continue
    }
    let failed = false
    await report.check(step.name, async () => {
      try {
        await step.run()
      } catch (error) {
        failed = true
        throw error
      }
    })
    if (failed && step.needed) blocker = step.name
  }
}

let tarball = ''
let mockUrl = ''
let pageUrl = ''
const pageErrors: string[] = []

async function chatInChromium(check: (page: Page) => Promise<void>): Promise<void> {
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } })
    page.on('pageerror', (error) => pageErrors.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text())
    })
    await page.goto(pageUrl)
    await check(page)
  } finally {
    await browser.close()
  }
}

try {
  await steps([
    {
      name: 'packs the build into a tarball with dist, bin, docs and SECURITY.md, without sources or examples',
      needed: true,
      async run() {
        const packed = await packTarball(root, work)
        tarball = packed.tarball
        for (const file of [
          'dist/index.js',
          'bin/react-agent-stream-mock.js',
          'docs/mock-agent.md',
          'SECURITY.md',
        ])
          if (!packed.files.includes(file)) throw new Error(`the tarball has no ${file}`)
        const stray = packed.files.filter((file) => /^(src|examples|test|scripts)\//.test(file))
        if (stray.length > 0) throw new Error(`the tarball ships ${stray.join(', ')}`)
      },
    },
    {
      name: 'installs into a fresh Vite + React app without an EBADENGINE or peer dependency warning',
      needed: true,
      async run() {
        writeApp(root, app, tarball)
        const { output } = await runProcess(
          'npm',
          ['install', '--prefer-offline', '--no-audit', '--no-fund'],
          {
            cwd: app,
            timeoutMs: 150_000,
          },
        )
        const warnings = output.split('\n').filter((line) => /EBADENGINE|ERESOLVE|peer dep/i.test(line))
        if (warnings.length > 0) throw new Error(`npm install warned:\n${warnings.join('\n')}`)
      },
    },
    {
      name: 'imports react-agent-stream/server and /testing/server in Node from the app (no redis installed)',
      async run() {
        const { output } = await runProcess('node', ['node-entries.mjs'], { cwd: app, timeoutMs: 30_000 })
        expectEqual(
          output.trim(),
          'server entry: streamed; testing/server entry: healthy',
          'node-entries.mjs',
        )
      },
    },
    {
      name: '`npx react-agent-stream-mock --help` names only files the installed package has',
      async run() {
        const { output } = await runProcess('npx', ['react-agent-stream-mock', '--help'], { cwd: app })
        const named = [...output.matchAll(/\b[\w-]+(?:\/[\w.-]+)+\.(?:md|ts|js)\b/g)].map(([path]) => path)
        if (named.length === 0) throw new Error(`the help names no file to read:\n${output}`)
        for (const path of named) {
          try {
            readFileSync(join(app, 'node_modules/react-agent-stream', path))
          } catch {
            throw new Error(`--help names ${path}, which node_modules/react-agent-stream does not have`)
          }
        }
      },
    },
    {
      name: "type-checks the README's snippets against the installed types (strict; also exactOptionalPropertyTypes)",
      async run() {
        await runProcess('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: app, timeoutMs: 120_000 })
        await runProcess('npx', ['tsc', '-p', 'tsconfig.exact.json'], { cwd: app, timeoutMs: 120_000 })
      },
    },
    {
      name: 'builds the app with Vite',
      needed: true,
      async run() {
        await runProcess('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: app, timeoutMs: 120_000 })
      },
    },
    {
      name: "keeps the chat engine out of the app's first load: it is a chunk of its own, loaded with import()",
      async run() {
        // Strings only the session engine (runs.ts) and the SSE transport have.
        const markers = ['events were lost and loadMessages failed', 'resuming is turned off']
        const html = readFileSync(join(app, 'dist', 'index.html'), 'utf8')
        const firstLoad = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map(
          (match) => match[1] as string,
        )
        const assets = readdirSync(join(app, 'dist', 'assets')).filter((file) => file.endsWith('.js'))
        const holding = (marker: string) =>
          assets.filter((file) => readFileSync(join(app, 'dist', 'assets', file), 'utf8').includes(marker))
        for (const marker of markers) {
          const files = holding(marker).map((file) => `assets/${file}`)
          expectEqual(files.length, 1, `chunks holding "${marker}"`)
          expectEqual(
            files.filter((file) => firstLoad.includes(file)).join(', '),
            '',
            `first-load scripts of index.html (${firstLoad.join(', ')}) holding "${marker}"`,
          )
        }
      },
    },
    {
      name: '`npx react-agent-stream-mock --port <port>` serves the mock agent from the installed package',
      needed: true,
      async run() {
        const port = await freePort()
        mockUrl = `http://127.0.0.1:${port}`
        running.push(
          await startServerProcess('npx', ['react-agent-stream-mock', '--port', String(port)], {
            url: mockUrl,
            name: 'react-agent-stream-mock',
            cwd: app,
          }),
        )
      },
    },
    {
      name: '`vite preview` serves the build, proxying /api to the mock (the README vite.config.ts)',
      needed: true,
      async run() {
        const port = await freePort()
        pageUrl = `http://127.0.0.1:${port}/`
        const preview = startProcess(
          'npx',
          ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
          { cwd: app, env: { AGENT_URL: mockUrl } },
        )
        running.push(preview)
        await waitUntilReady(preview, 'vite preview', () =>
          fetch(pageUrl).then(
            (response) => response.ok,
            () => false,
          ),
        )
        // Same origin: the page's /api/chat reaches the mock through the preview server.
        const answer = await fetch(`${pageUrl}api/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ messages: [{ id: 'u1', role: 'user', content: 'Hi' }] }),
        })
        expectEqual(
          answer.headers.get('content-type'),
          'text/event-stream; charset=utf-8',
          'proxied /api/chat',
        )
        await answer.body?.cancel()
      },
    },
    {
      name: "the README's Chat streams the mock's answer to 'complete' in Chromium",
      async run() {
        await chatInChromium(async (page) => {
          const chat = page.getByRole('region', { name: 'Chat' })
          await chat.getByRole('textbox', { name: 'Message' }).fill('How does SSE stay reliable?')
          await chat.getByRole('button', { name: 'Send' }).click()
          await chat.locator('.ras-message-list[data-status="complete"]').waitFor({ timeout: 30_000 })
          const answer = chat.getByRole('article', { name: 'Assistant said' }).last()
          await answer.getByRole('heading', { name: 'Streaming responses over SSE' }).waitFor()
          await answer.getByRole('table').waitFor()
          const text = (await answer.textContent()) ?? ''
          if (!text.includes('Last-Event-ID'))
            throw new Error(`the answer lacks the scenario's text; it reads: ${text.slice(0, 300)}`)

          const parts = page.getByRole('region', { name: 'Parts' })
          await parts.getByRole('button', { name: /get_weather/ }).waitFor()
          expectEqual(
            await parts.locator('.ras-tool-call').getAttribute('data-state'),
            'succeeded',
            'tool call',
          )
          await parts.getByRole('status').filter({ hasText: 'Thought for' }).waitFor()
          // The lazy highlighter loads react-agent-stream/shiki, then Shiki and the grammar, from the build.
          await parts.locator('code[data-highlighted="true"] span[style*="color"]').first().waitFor()
        })
        expectEqual(pageErrors.join('\n'), '', 'page errors')
      },
    },
  ])
} finally {
  for (const started of running.reverse()) await started.stop()
  if (process.env.KEEP_APP) process.stdout.write(`the app stays in ${app}\n`)
  else rmSync(work, { recursive: true, force: true })
}
report.finish()
