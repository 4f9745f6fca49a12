// Resumable streams end to end in Chromium (docs/resumable-streams.md): two instances of the Node
// example share one redis-server behind a round-robin proxy; examples/react is served by Vite with
// /api proxied to it. The page's agent-events panel uses useStreamingChat({ id, resume: true }).
// Checks: an instance serving the answer dies mid-answer, a reload, a second tab, a flushed Redis.
// Writes {passed, failed} to the report path given (one line per check).
import type { Browser, Locator, Page } from 'playwright-core'
import { createClient } from 'redis'
import { answerFor } from '../examples/node/model.js'
import { freePort } from '../test/helpers/local-server.js'
import { type NodeExampleServer, startNodeExample } from '../test/helpers/node-example-server.js'
import { type RedisServer, startRedisServer } from '../test/helpers/redis-server.js'
import { launchChromium } from './browser.js'
import { createE2eReport, expectEqual } from './e2e-report.js'
import { type ExamplePage, startExamplePage } from './example-page.js'
import { type RoundRobinProxy, startRoundRobinProxy } from './round-robin-proxy.js'

const reportPath = process.argv[2] ?? '.ci-out/e2e-resume.json'
const PANEL = 'Agent events over SSE (POST /api/chat)'
/**
 * Slow enough that every mid-answer step happens mid-answer: the answers are 40-70 tokens, and a
 * second tab must load the page (Vite serves it module by module) while the answer still runs.
 */
const TOKEN_DELAY_MS = '150'

const startInstance = (port: number, redisUrl: string) =>
  startNodeExample({ port, env: { REDIS_URL: redisUrl, TOKEN_DELAY_MS } })

/** examples/react; /api goes to the round-robin proxy (one origin, as in production). */
function startPage(proxyPort: number): Promise<ExamplePage> {
  return startExamplePage({
    cacheName: '.vite-e2e-resume',
    proxy: {
      '/api': {
        target: `http://127.0.0.1:${proxyPort}`,
        configure(proxy) {
          // An upstream that drops mid-body drops the browser's response too, as a load balancer
          // would (Vite's proxy would otherwise leave it open until the client's idle timeout).
          proxy.on('proxyRes', (proxyRes, _request, response) => {
            proxyRes.on('close', () => {
              if (!proxyRes.complete) response.destroy()
            })
          })
        },
      },
    },
  })
}

const panel = (page: Page): Locator => page.getByRole('region', { name: PANEL })
const rawText = async (page: Page) => (await panel(page).getByTestId('raw-answer').textContent()) ?? ''
const status = (page: Page) => panel(page).locator('output').getAttribute('data-status')
const settled = ['complete', 'error', 'cancelled'].map((name) => `output[data-status="${name}"]`).join(', ')

async function send(page: Page, question: string) {
  await panel(page).getByRole('textbox', { name: 'Message' }).fill(question)
  await panel(page).getByRole('button', { name: 'Send' }).click()
}

/** Waits until the answer shows at least `count` characters (the answer is mid-stream). */
async function waitForText(page: Page, count: number) {
  await page.waitForFunction(
    ([name, length]) => {
      const region = [...document.querySelectorAll('section')].find(
        (section) => section.getAttribute('aria-label') === name,
      )
      return (region?.querySelector('[data-testid="raw-answer"]')?.textContent ?? '').length >= length
    },
    [PANEL, count] as const,
    { timeout: 30_000 },
  )
}

async function waitSettled(page: Page) {
  await panel(page).locator(settled).waitFor({ timeout: 60_000 })
}

/** The status of the first stream GET (a follow) the proxy answered since `from`. */
async function followStatus(proxy: RoundRobinProxy, from: number): Promise<number | undefined> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const follow = since(proxy, from).find(
      (entry) => entry.method === 'GET' && entry.path.endsWith('/stream') && entry.status !== undefined,
    )
    if (follow) return follow.status
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('the second tab sent no follow (GET .../stream) within 60 s of its reload')
}

/** Requests the proxy saw since `from` (an index into its log). */
function since(proxy: RoundRobinProxy, from: number) {
  return proxy.log.slice(from)
}

/** Waits (bounded) for a request after `before` whose response is open; its upstream port. */
async function nextServingUpstream(proxy: RoundRobinProxy, before: number): Promise<number | undefined> {
  for (let polls = 0; polls < 500; polls++) {
    const open = proxy.openUpstreams()
    if (proxy.log.length > before && open.length > 0) return open[0]
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('the client did not reconnect within 10 s of the cut')
}

const posts = (proxy: RoundRobinProxy, from: number) =>
  since(proxy, from).filter((entry) => entry.method === 'POST').length

interface World {
  browser: Browser
  url: string
  proxy: RoundRobinProxy
  redis: RedisServer
  /** A client of `redis` for the checks' own commands (FLUSHALL). */
  redisClient: ReturnType<typeof createClient>
  instances: NodeExampleServer[]
}

interface Check {
  name: string
  run(world: World, page: Page): Promise<void>
}

const checks: Check[] = [
  {
    name: 'the instance serving an answer dies mid-answer: the client resumes on the other and the text is byte-identical to an undisturbed run',
    async run(world, page) {
      const question = 'Tell me about SSE'
      await send(page, question)
      await waitSettled(page)
      const undisturbed = await rawText(page)
      expectEqual(await status(page), 'complete', 'undisturbed status')
      expectEqual(undisturbed, answerFor(question), 'undisturbed text')

      // A new chat: on this page the last answer would already show the text waited for below.
      await page.goto(world.url)
      const from = world.proxy.log.length
      await send(page, question)
      await waitForText(page, 40)
      const producer = world.proxy.log.slice(from).find((entry) => entry.method === 'POST')?.upstream
      // Move the client off the producing instance: cut until the resume is served by the other one.
      let serving = world.proxy.openUpstreams()[0]
      for (let cuts = 0; serving === producer && cuts < 5; cuts++) {
        const before = world.proxy.log.length
        world.proxy.cutConnections()
        serving = await nextServingUpstream(world.proxy, before)
      }
      if (serving === undefined || serving === producer)
        throw new Error('could not get the answer served by the instance that does not produce it')
      const victim = world.instances.find((instance) => instance.port === serving) as NodeExampleServer
      await victim.close()
      await waitSettled(page)
      expectEqual(await rawText(page), undisturbed, 'text after the instance died')
      expectEqual(await status(page), 'complete', 'status')
      expectEqual(posts(world.proxy, from), 1, 'generations (POSTs)')
      const resumedBy = since(world.proxy, from).filter(
        (entry) => entry.method === 'GET' && entry.upstream === producer,
      )
      if (resumedBy.length === 0) throw new Error('no resume was served by the surviving instance')
      // Bring the killed instance back for the next checks.
      world.instances[world.instances.indexOf(victim)] = await startInstance(victim.port, world.redis.url)
    },
  },
  {
    name: 'a reload mid-answer follows the answer: one generation, the whole text, complete',
    async run(world, page) {
      const question = 'How do WebSocket agents answer?'
      const from = world.proxy.log.length
      await send(page, question)
      await waitForText(page, 30)
      await page.reload()
      await waitSettled(page)
      expectEqual(await rawText(page), answerFor(question), 'text after the reload')
      expectEqual(await status(page), 'complete', 'status')
      expectEqual(posts(world.proxy, from), 1, 'generations (POSTs)')
    },
  },
  {
    name: 'a second tab on the same chat follows the answer: one generation, the same text in both',
    async run(world, page) {
      const question = 'Tell me about SSE, slowly'
      // The second tab loads the page first (a follow finds nothing yet), so that its reload once
      // the answer runs is quick: the follow must happen while the answer is still generating.
      const second = await world.browser.newPage()
      try {
        await second.goto(page.url())
        await panel(second).getByRole('button', { name: 'Send' }).waitFor()
        // The check needs the second tab's follow to reach the server while the answer runs. On a
        // loaded machine its reload can outlast the answer (the follow then gets 204: no active
        // stream); that says nothing about the kit, so the answer is asked again, at most twice.
        for (let attempt = 1; ; attempt++) {
          const from = world.proxy.log.length
          await send(page, question)
          await waitForText(page, 10)
          await second.reload()
          const follow = await followStatus(world.proxy, from)
          if (follow === 204 && attempt < 3) {
            process.stdout.write(
              `    (the second tab's follow arrived after the answer ended; asking again)\n`,
            )
            await waitSettled(page)
            continue
          }
          expectEqual(follow, 200, "status of the second tab's follow")
          await Promise.all([waitSettled(page), waitSettled(second)])
          const first = await rawText(page)
          expectEqual(first, answerFor(question), 'text in the first tab')
          expectEqual(await rawText(second), first, 'text in the second tab')
          expectEqual(await status(second), 'complete', 'status in the second tab')
          expectEqual(posts(world.proxy, from), 1, 'generations (POSTs)')
          break
        }
      } finally {
        await second.close()
      }
    },
  },
  {
    name: "Redis flushed mid-answer: a clear 'resume_failed' error, the partial text kept, no retry loop",
    async run(world, page) {
      await send(page, 'Tell me about SSE once more')
      await waitForText(page, 30)
      await world.redisClient.flushAll()
      await waitSettled(page)
      expectEqual(await status(page), 'error', 'status')
      const alert = panel(page).getByRole('alert')
      expectEqual(await alert.getAttribute('data-error-code'), 'resume_failed', 'error code')
      if ((await rawText(page)).length < 30) throw new Error('the partial text was not kept')
      const settledAt = world.proxy.log.length
      await new Promise((resolve) => setTimeout(resolve, 3000))
      expectEqual(world.proxy.log.length, settledAt, 'requests after the error (a retry loop)')
    },
  },
]

const report = createE2eReport(reportPath, 'resumable streams e2e')

let redis: RedisServer | undefined
let redisClient: ReturnType<typeof createClient> | undefined
let proxy: RoundRobinProxy | undefined
let examplePage: ExamplePage | undefined
let browser: Browser | undefined
const instances: NodeExampleServer[] = []
try {
  redis = await startRedisServer()
  redisClient = createClient({ url: redis.url })
  await redisClient.connect()
  const ports = [await freePort(), await freePort()]
  for (const port of ports) instances.push(await startInstance(port, redis.url))
  proxy = await startRoundRobinProxy(ports)
  examplePage = await startPage(proxy.port)
  browser = await launchChromium()
  const { url } = examplePage
  const world: World = { browser, url, proxy, redis, redisClient, instances }
  for (const check of checks.filter((check) => new RegExp(process.env.E2E_ONLY ?? '').test(check.name))) {
    // A fresh page (and so a fresh chat id) per check.
    const page = await browser.newPage()
    page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`))
    try {
      await page.goto(url)
      await check.run(world, page)
      report.record(check.name)
    } catch (error) {
      report.record(check.name, error)
    } finally {
      await page.close()
    }
  }
} catch (error) {
  report.record('starts Redis, two Node example instances, the proxy and the page', error)
} finally {
  await browser?.close()
  await examplePage?.close()
  await proxy?.close()
  await Promise.all(instances.map((instance) => instance.close()))
  redisClient?.destroy()
  await redis?.close()
}
report.finish()
