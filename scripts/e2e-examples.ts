// The backend examples end to end: starts each backend (examples/fastapi, examples/node) on a free
// port, serves examples/react through Vite with a proxy to it (same origin), drives the page in
// headless Chromium, and writes {passed, failed} to the report path given (one line per check).
// `--backend fastapi|node` runs one backend only.
import type { Browser, Locator, Page } from 'playwright-core'
import { createLogger } from 'vite'
import { answerFor, tokenize } from '../examples/node/model.js'
import { startFastApiExample } from '../test/helpers/fastapi-server.js'
import { startNodeExample } from '../test/helpers/node-example-server.js'
import { launchChromium } from './browser.js'
import { createE2eReport, expectEqual } from './e2e-report.js'
import { type ExamplePage, startExamplePage } from './example-page.js'

const reportPath = process.argv[2]?.startsWith('--')
  ? '.ci-out/e2e-examples.json'
  : (process.argv[2] ?? '.ci-out/e2e-examples.json')
const backendFlag = process.argv.indexOf('--backend')
const onlyBackend = backendFlag >= 0 ? process.argv[backendFlag + 1] : undefined

interface RunningBackend {
  /** http://127.0.0.1:<port> */
  url: string
  close(): Promise<void>
}

interface Backend {
  name: string
  /** Starts it on a free port of 127.0.0.1 and resolves once GET /health answers; throws when it cannot. */
  start(): Promise<RunningBackend>
}

// Slow enough that the proxy's cut lands mid-answer.
const env = { TOKEN_DELAY_MS: '10' }
const backends: Backend[] = [
  { name: 'fastapi', start: () => startFastApiExample({ env }) },
  { name: 'node', start: () => startNodeExample({ env }) },
]

/**
 * The next POST /api/chat answer is cut after `afterBytes` by the proxy, as a flaky network would;
 * resumes (requests with Last-Event-ID) pass through and are counted.
 */
const chatCut = { armed: false, afterBytes: 300, resumes: 0 }

/** Vite's logger without the socket resets each page navigation causes on the proxied WebSocket. */
function quietLogger() {
  const logger = createLogger('warn')
  const error = logger.error.bind(logger)
  logger.error = (message, options) => {
    if (!(message.includes('ws proxy') && message.includes('ECONNRESET'))) error(message, options)
  }
  return logger
}

/** examples/react, proxying the three endpoints to the backend so the page is same-origin. */
function startPage(target: string): Promise<ExamplePage> {
  return startExamplePage({
    cacheName: '.vite-e2e-examples',
    customLogger: quietLogger(),
    proxy: {
      '/stream': { target },
      '/api': {
        target,
        configure(proxy) {
          proxy.on('proxyRes', (proxyRes, request, response) => {
            if (request.headers['last-event-id']) chatCut.resumes++
            else if (chatCut.armed && request.method === 'POST') {
              chatCut.armed = false
              let seen = 0
              proxyRes.on('data', (chunk: Buffer) => {
                seen += chunk.length
                if (seen >= chatCut.afterBytes) response.destroy()
              })
            }
          })
        },
      },
      '/ws': { target: target.replace(/^http/, 'ws'), ws: true },
    },
  })
}

const terminal = ['complete', 'error', 'cancelled']
  .map((status) => `output[data-status="${status}"]`)
  .join(', ')

/** Types `question` into the panel, sends it, and waits until the response settles; returns the status and text. */
async function ask(page: Page, panelName: string, question: string) {
  const panel: Locator = page.getByRole('region', { name: panelName })
  await panel.getByRole('textbox', { name: 'Message' }).fill(question)
  await panel.getByRole('button', { name: 'Send' }).click()
  await panel.locator(terminal).waitFor({ timeout: 30_000 })
  const status = await panel.locator('output').getAttribute('data-status')
  const text = (await panel.getByTestId('raw-answer').textContent()) ?? ''
  const alert =
    (await panel.getByRole('alert').count()) > 0 ? await panel.getByRole('alert').textContent() : null
  return { status, text, alert }
}

const panels = [
  {
    endpoint: 'GET /stream (plain text, useStreamingChat + prepareRequest)',
    panel: 'Plain text over SSE (GET /stream)',
    question: 'Tell me about SSE',
  },
  {
    endpoint: 'POST /api/chat (agent events, useStreamingChat)',
    panel: 'Agent events over SSE (POST /api/chat)',
    question: 'What can you do?',
  },
  {
    endpoint: 'WS /ws (chunk messages, useWebSocketAgent)',
    panel: 'WebSocket (/ws)',
    question: 'How do WebSocket agents answer?',
  },
] as const
const agentEvents = panels[1]

interface Check {
  name: string
  run(page: Page): Promise<void>
}

const checks: Check[] = panels.flatMap(({ endpoint, panel, question }) => [
  {
    name: `${endpoint}: the whole answer arrives intact, newlines included, and the status reaches 'complete'`,
    async run(page) {
      const expected = answerFor(question)
      // Guards the check itself: an answer without newlines would not test the multi-line path.
      if (!expected.includes('\n'))
        throw new Error(`the canned answer for ${JSON.stringify(question)} has no newline`)
      const { status, text, alert } = await ask(page, panel, question)
      expectEqual(alert, null, 'error shown')
      expectEqual(text, expected, 'answer text')
      expectEqual(status, 'complete', 'status')
    },
  },
  {
    name: `${endpoint}: a model failure mid-answer ends in 'error' with its message and the partial text kept`,
    async run(page) {
      const failing = 'Please fail'
      const { status, text, alert } = await ask(page, panel, failing)
      expectEqual(status, 'error', 'status')
      expectEqual(text, tokenize(answerFor(failing)).slice(0, 3).join(''), 'partial text')
      if (!alert?.includes('The model failed mid-answer'))
        throw new Error(`expected the server's message in the alert, got ${JSON.stringify(alert)}`)
    },
  },
])

checks.push({
  name: `${agentEvents.endpoint}: a connection cut mid-answer resumes from Last-Event-ID, no token lost or repeated`,
  async run(page) {
    const question = 'Tell me about SSE again'
    Object.assign(chatCut, { armed: true, resumes: 0 })
    const { status, text, alert } = await ask(page, agentEvents.panel, question)
    expectEqual(chatCut.armed, false, 'the proxy cut the answer')
    if (chatCut.resumes < 1) throw new Error('the client never resumed with Last-Event-ID')
    expectEqual(alert, null, 'error shown')
    expectEqual(text, answerFor(question), 'answer text')
    expectEqual(status, 'complete', 'status')
  },
})

const report = createE2eReport(reportPath, 'backend examples e2e')

async function runBackend(browser: Browser, backend: Backend) {
  process.stdout.write(`${backend.name}\n`)
  let running: RunningBackend | undefined
  let examplePage: ExamplePage | undefined
  try {
    running = await backend.start()
    examplePage = await startPage(running.url)
    const { url } = examplePage
    const page = await browser.newPage()
    page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`))
    for (const check of checks) {
      // A fresh page per check: every panel starts idle, so a settled status is this check's.
      await page.goto(url)
      await report.check(`${backend.name}: ${check.name}`, () => check.run(page))
    }
    await page.close()
  } catch (error) {
    report.record(`${backend.name}: starts and serves the example page`, error)
  } finally {
    await examplePage?.close()
    await running?.close()
  }
}

const browser = await launchChromium()
try {
  for (const backend of backends)
    if (onlyBackend === undefined || backend.name === onlyBackend) await runBackend(browser, backend)
} finally {
  await browser.close()
}
report.finish()
