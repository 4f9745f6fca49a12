// The playground end to end: runs the real `npm start` command (scripts/dev.ts) on a free port,
// drives the page in headless Chromium, and writes {passed, failed} to the report path given.
// `--screenshot PATH` saves a screenshot of the finished answer.
import type { Page } from 'playwright-core'
import { type StartedProcess, startProcess, waitUntilReady } from '../test/helpers/child-process.js'
import { freePort } from '../test/helpers/local-server.js'
import { launchChromium } from './browser.js'
import { createE2eReport } from './e2e-report.js'

const reportPath = process.argv[2] ?? '.ci-out/e2e-demo.json'
const screenshotFlag = process.argv.indexOf('--screenshot')
const screenshotPath = screenshotFlag >= 0 ? process.argv[screenshotFlag + 1] : undefined

/** Runs `npm start` (scripts/dev.ts) in its own process group; resolves once it prints the playground's URL. */
async function startPlayground(port: number): Promise<{ started: StartedProcess; url: string }> {
  const started = startProcess('npx', ['tsx', 'scripts/dev.ts'], { env: { PORT: String(port) } })
  const url = () => started.output().match(/playground: (http:\/\/\S+)/)?.[1]
  await waitUntilReady(started, 'the playground', async () => url() !== undefined, 600)
  return { started, url: url() as string }
}

const checks: { name: string; run: (page: Page) => Promise<void> }[] = [
  {
    name: 'streams a markdown answer from the mock agent over SSE to completion',
    async run(page) {
      await page.getByRole('textbox', { name: 'Message' }).fill('How does SSE stay reliable?')
      await page.getByRole('button', { name: 'Send' }).click()
      await page.locator('.ras-message-list[data-status="complete"]').waitFor({ timeout: 30_000 })
    },
  },
  {
    name: 'renders the answer as markdown: heading, list, code block and table',
    async run(page) {
      const answer = page.getByRole('article', { name: 'Assistant said' }).last()
      await answer.getByRole('heading', { name: 'Streaming responses over SSE' }).waitFor()
      await answer.getByRole('table').waitFor()
      await answer.locator('pre code').first().waitFor()
      const items = await answer.getByRole('listitem').count()
      if (items < 3) throw new Error(`expected the numbered list, found ${items} items`)
    },
  },
  {
    name: 'Regenerate gives the answer a second version; the version picker steps back to the first',
    async run(page) {
      await page.getByRole('button', { name: 'Regenerate' }).click()
      await page.locator('.ras-message-list[data-status="complete"]').waitFor({ timeout: 30_000 })
      const answer = page.getByRole('article', { name: 'Assistant said' }).last()
      await answer.getByText('2 / 2').waitFor()
      await answer.getByRole('button', { name: /previous/i }).click()
      await page.getByRole('article', { name: 'Assistant said' }).last().getByText('1 / 2').waitFor()
    },
  },
  {
    name: 'a person approves a tool call (approval scenario): the decision goes back and the run continues',
    async run(page) {
      await page.getByLabel('Scenario').selectOption('approval')
      await page.getByRole('textbox', { name: 'Message' }).fill('Delete the report, please.')
      await page.keyboard.press('Enter')
      const approve = page.getByRole('button', { name: 'Approve', exact: true })
      await approve.waitFor({ timeout: 30_000 })
      await approve.click()
      await page.locator('.ras-message-list[data-status="complete"]').waitFor({ timeout: 30_000 })
      const answer = page.getByRole('article', { name: 'Assistant said' }).last()
      await answer.getByText('Done: I deleted /tmp/report.txt.').waitFor()
      if ((await page.getByRole('button', { name: 'Approve', exact: true }).count()) !== 0)
        throw new Error('Approve is still offered after the decision')
    },
  },
  {
    name: 'a client-side tool runs in the page (client-tool scenario) and the answer uses its result',
    async run(page) {
      await page.getByLabel('Scenario').selectOption('client-tool')
      await page.getByRole('textbox', { name: 'Message' }).fill('Where am I?')
      await page.keyboard.press('Enter')
      await page.locator('.ras-message-list[data-status="complete"]').waitFor({ timeout: 30_000 })
      await page
        .getByRole('article', { name: 'Assistant said' })
        .last()
        .getByText('You are in Lisbon.')
        .waitFor()
      await page.getByLabel('Scenario').selectOption('markdown')
    },
  },
]

const report = createE2eReport(reportPath, 'playground e2e')
const port = await freePort()
const { started, url } = await startPlayground(port)
const browser = await launchChromium()
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`))
  await page.goto(url)
  for (const check of checks) await report.check(check.name, () => check.run(page))
  await report.check('streams the tool-calls scenario as AG-UI events, detected by auto', async () => {
    await page.getByLabel('Scenario').selectOption('tool-calls')
    await page.getByLabel('Wire format').selectOption('ag-ui')
    await page.getByRole('textbox', { name: 'Message' }).fill('Weather in Paris, as AG-UI?')
    await page.keyboard.press('Enter')
    await page.locator('.ras-message-list[data-status="complete"]').waitFor({ timeout: 30_000 })
    const answer = page.getByRole('article', { name: 'Assistant said' }).last()
    await answer.getByText('get_weather').first().waitFor()
    await answer.getByText('18 °C').first().waitFor()
    await page.getByLabel('Wire format').selectOption('agent-events')
    await page.getByLabel('Scenario').selectOption('markdown')
  })
  await report.check('streams the same answer over the WebSocket transport', async () => {
    await page.getByLabel('Transport').selectOption('websocket')
    await page.getByRole('textbox', { name: 'Message' }).fill('And over a WebSocket?')
    await page.keyboard.press('Enter')
    await page.locator('.ras-message-list[data-status="complete"]').waitFor({ timeout: 30_000 })
    await page.getByRole('article', { name: 'Assistant said' }).last().getByRole('table').waitFor()
  })
  await report.check(
    'a resumable chat survives a reload mid-answer: the page follows the same answer to the end',
    async () => {
      await page.getByLabel('Transport').selectOption('resumable')
      await page.getByLabel('Fault on the next answer').selectOption('slow')
      await page.getByRole('textbox', { name: 'Message' }).fill('Survive a reload?')
      await page.keyboard.press('Enter')
      const answer = page.getByRole('article', { name: 'Assistant said' }).last()
      await answer.getByRole('heading', { name: 'Streaming responses over SSE' }).waitFor()
      await page.reload()
      await page.locator('.ras-message-list[data-status="complete"]').waitFor({ timeout: 60_000 })
      const after = page.getByRole('article', { name: 'Assistant said' }).last()
      await after.getByRole('heading', { name: 'Streaming responses over SSE' }).waitFor()
      await after.getByRole('table').waitFor()
    },
  )
  if (screenshotPath) await page.screenshot({ path: screenshotPath, fullPage: true })
  await page.goto('about:blank')
} finally {
  await browser.close()
  await started.stop()
}
report.finish()
