// Resumable streams side by side: `npx tsx bench/resumable.bench.ts`. Prints tables; asserts nothing.
// Over 300 lines: one script so both libraries run against the same redis-server in one run.
// One redis-server (started here, on a free port) serves both libraries:
// - react-agent-stream/server on its Redis Streams store (and its memory store, for reference);
// - Vercel's `resumable-stream` (Redis pub/sub; the producer instance keeps the buffer in memory).
// Throughput: 100 concurrent streams, each followed by its first reader and by a second one that
// joins through the library's resume path. Resume latency: a reader leaves mid-answer and another
// instance (its own Redis connections) resumes from where it left off; time to the first new event.
// Drop to first resumed token: the kit's own client (createChatSession over SSE), a proxy cuts the
// connection mid-answer, time until the next token is applied.
import { createServer } from 'node:http'
import { createClient } from 'redis'
import { createResumableStreamContext } from 'resumable-stream'
import { startRoundRobinProxy } from '../scripts/round-robin-proxy.js'
import {
  type AgentEvent,
  createChatSession,
  createSseTransport,
  type RetryOptions,
} from '../src/entries/core.js'
import {
  createMemoryStore,
  createRedisStore,
  createResumableStreams,
  type ResumableStreams,
  toNodeHandler,
} from '../src/entries/server.js'
import { agentEventsProtocol } from '../src/protocols/index.js'
import { listenOnLoopback } from '../test/helpers/local-server.js'
import { startRedisServer } from '../test/helpers/redis-server.js'

const STREAMS = Number(process.env.BENCH_STREAMS ?? 100)
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200)
const RESUMES = Number(process.env.BENCH_RESUMES ?? 30)
const TOKEN_MS = 5

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const token = (index: number) => `token ${index} `
const sseOf = (index: number) => `data: ${JSON.stringify({ type: 'text-delta', text: token(index) })}\n\n`

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

/** Counts SSE events (blank-line-terminated blocks with data) until the body ends. */
async function countEvents(body: ReadableStream<Uint8Array | string> | null): Promise<number> {
  if (body === null) return 0
  const decoder = new TextDecoder()
  let text = ''
  let count = 0
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    let end = text.indexOf('\n\n')
    while (end >= 0) {
      if (text.slice(0, end).includes('data:')) count++
      text = text.slice(end + 2)
      end = text.indexOf('\n\n')
    }
  }
  return count
}

/** Reads until the first event with data arrives; resolves the time it did. */
async function firstEventAt(body: ReadableStream<Uint8Array | string>): Promise<number> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  while (true) {
    const { done, value } = await reader.read()
    if (done) throw new Error('the resumed stream ended before an event')
    text += typeof value === 'string' ? value : decoder.decode(value, { stream: true })
    if (/(^|\n)data:[^\n]*\n\n/.test(text)) {
      const at = performance.now()
      await reader.cancel()
      return at
    }
  }
}

/** Opened by the bench once the second reader has joined, so both readers see the whole answer live. */
interface Gate {
  opened: Promise<void>
  open(): void
}
function createGate(): Gate {
  let open = () => {}
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { opened, open }
}

async function* fastAnswer(gate: Gate): AsyncGenerator<AgentEvent> {
  await gate.opened
  for (let index = 0; index < EVENTS; index++) yield { type: 'text-delta', text: token(index) }
}

async function* slowAnswer(signal: AbortSignal, count = 400): AsyncGenerator<AgentEvent> {
  for (let index = 0; index < count && !signal.aborted; index++) {
    await sleep(TOKEN_MS)
    yield { type: 'text-delta', text: token(index) }
  }
}

function fastReadable(gate: Gate): ReadableStream<string> {
  let index = 0
  return new ReadableStream<string>({
    async pull(controller) {
      await gate.opened
      if (index < EVENTS) controller.enqueue(sseOf(index++))
      else controller.close()
    },
  })
}

function slowReadable(count = 400): ReadableStream<string> {
  let index = 0
  return new ReadableStream<string>({
    async pull(controller) {
      await sleep(TOKEN_MS)
      if (index < count) controller.enqueue(sseOf(index++))
      else controller.close()
    },
  })
}

const post = () => new Request('http://bench/api/chat', { method: 'POST' })
const get = (lastEventId?: string) =>
  new Request(
    'http://bench/api/chat/x/stream',
    lastEventId ? { headers: { 'last-event-id': lastEventId } } : {},
  )

interface Throughput {
  ms: number
  appended: number
  followed: number
}

async function kitThroughput(streams: ResumableStreams, label: string): Promise<Throughput> {
  const started = performance.now()
  const counts = await Promise.all(
    Array.from({ length: STREAMS }, async (_, index) => {
      const chatId = `${label}-${index}`
      const gate = createGate()
      const first = await streams.start(post(), { chatId, events: () => fastAnswer(gate) })
      const second = await streams.follow(get(), chatId)
      gate.open()
      return Promise.all([countEvents(first.body), countEvents(second.body)])
    }),
  )
  const ms = performance.now() - started
  const followed = counts.flat().reduce((sum, count) => sum + count, 0)
  return { ms, appended: STREAMS * EVENTS, followed }
}

type Context = ReturnType<typeof createResumableStreamContext>

async function vercelThroughput(context: Context, label: string): Promise<Throughput> {
  const started = performance.now()
  const counts = await Promise.all(
    Array.from({ length: STREAMS }, async (_, index) => {
      const id = `${label}-${index}`
      const gate = createGate()
      const first = await context.createNewResumableStream(id, () => fastReadable(gate))
      const second = await context.resumeExistingStream(id)
      gate.open()
      return Promise.all([countEvents(first ?? null), countEvents(second ?? null)])
    }),
  )
  const ms = performance.now() - started
  const followed = counts.flat().reduce((sum, count) => sum + count, 0)
  return { ms, appended: STREAMS * EVENTS, followed }
}

/** Time from a resume request on instance B to its first new event, after a reader on A left. */
async function kitResumeLatency(a: ResumableStreams, b: ResumableStreams, label: string): Promise<number[]> {
  const samples: number[] = []
  for (let run = 0; run < RESUMES; run++) {
    const chatId = `${label}-resume-${run}`
    const response = await a.start(post(), { chatId, events: (signal) => slowAnswer(signal) })
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let text = ''
    while ((text.match(/\n\n/g) ?? []).length < 20) {
      const { value } = await reader.read()
      text += decoder.decode(value, { stream: true })
    }
    await reader.cancel()
    const ids = [...text.matchAll(/^id: (.+)$/gm)].map((match) => match[1] as string)
    const started = performance.now()
    const resumed = await b.follow(get(ids.at(-1)), chatId)
    samples.push((await firstEventAt(resumed.body as ReadableStream<Uint8Array>)) - started)
    await a.cancel(chatId)
  }
  return samples
}

async function vercelResumeLatency(a: Context, b: Context, label: string): Promise<number[]> {
  const samples: number[] = []
  for (let run = 0; run < RESUMES; run++) {
    const id = `${label}-resume-${run}`
    const stream = await a.createNewResumableStream(id, () => slowReadable())
    const reader = (stream as ReadableStream<string>).getReader()
    let text = ''
    while ((text.match(/\n\n/g) ?? []).length < 20) text += (await reader.read()).value ?? ''
    await reader.cancel()
    const started = performance.now()
    const resumed = await b.resumeExistingStream(id, text.length)
    if (!resumed) throw new Error('resumable-stream could not resume')
    samples.push((await firstEventAt(resumed)) - started)
  }
  return samples
}

/** The kit's client end to end: a proxy cuts the connection mid-answer; time to the next token applied. */
async function clientDropToToken(
  streams: ResumableStreams,
  retry: Partial<RetryOptions> | undefined,
): Promise<number[]> {
  const server = createServer(
    toNodeHandler((request) =>
      streams.start(request, { chatId: 'drop', events: (signal) => slowAnswer(signal, 2000) }),
    ),
  )
  const proxy = await startRoundRobinProxy([await listenOnLoopback(server)])
  const samples: number[] = []
  for (let run = 0; run < Math.min(RESUMES, 10); run++) {
    let cutAt = 0
    let tokens = 0
    let resumedAt = 0
    const session = createChatSession({
      api: `http://127.0.0.1:${proxy.port}/api/chat`,
      protocol: agentEventsProtocol,
      transport: createSseTransport({ ...(retry ? { retry } : {}) }),
      scheduler: (callback) => {
        callback()
        return () => {}
      },
      onEvent(event) {
        if (event.type !== 'text-delta') return
        tokens++
        if (tokens === 30) {
          cutAt = performance.now()
          proxy.cutConnections()
        } else if (cutAt > 0 && resumedAt === 0) {
          resumedAt = performance.now()
          session.stop()
        }
      },
    })
    await session.send('go')
    if (resumedAt > 0) samples.push(resumedAt - cutAt)
    session.dispose()
    await streams.cancel('drop')
  }
  await proxy.close()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return samples
}

const redis = await startRedisServer()
const clients: ReturnType<typeof createClient>[] = []
async function connected() {
  const client = createClient({ url: redis.url })
  client.on('error', () => {})
  await client.connect()
  clients.push(client)
  return client
}
function vercelContext() {
  return Promise.all([connected(), connected()]).then(([publisher, subscriber]) =>
    createResumableStreamContext({ waitUntil: null, publisher, subscriber, keyPrefix: 'bench-rs' }),
  )
}

try {
  const kitA = createResumableStreams({ store: createRedisStore({ url: redis.url }), onError: () => {} })
  const kitB = createResumableStreams({ store: createRedisStore({ url: redis.url }), onError: () => {} })
  const memory = createResumableStreams({ store: createMemoryStore(), onError: () => {} })
  const vercelA = await vercelContext()
  const vercelB = await vercelContext()

  // Warm up both (connections, JIT), then measure.
  await kitThroughput(kitA, 'warm')
  await vercelThroughput(vercelA, 'warm')
  const kitRedis = await kitThroughput(kitA, 'kit')
  const vercel = await vercelThroughput(vercelA, 'vercel')
  const kitMemory = await kitThroughput(memory, 'memory')

  const rate = (count: number, ms: number) => Math.round(count / (ms / 1000)).toLocaleString('en-US')
  console.log(
    `\n### Store throughput (${STREAMS} concurrent streams x ${EVENTS} events, each followed by its first reader and by a second reader that joins through the resume path)\n`,
  )
  console.log(
    '| store | wall ms | events/s appended | events/s followed | followed events | time vs resumable-stream |',
  )
  console.log('| --- | --: | --: | --: | --: | --: |')
  for (const [name, result] of [
    ['react-agent-stream/server, Redis Streams', kitRedis],
    ['resumable-stream (Redis pub/sub, buffer in the producer)', vercel],
    ['react-agent-stream/server, memory (one process)', kitMemory],
  ] as const) {
    console.log(
      `| ${name} | ${result.ms.toFixed(0)} | ${rate(result.appended, result.ms)} | ${rate(result.followed, result.ms)} | ${result.followed} | ${(result.ms / vercel.ms).toFixed(2)}x |`,
    )
  }

  const kitResume = await kitResumeLatency(kitA, kitB, 'kit')
  const vercelResume = await vercelResumeLatency(vercelA, vercelB, 'vercel')
  const memoryResume = await kitResumeLatency(memory, memory, 'memory')
  console.log(
    `\n### Resume latency on another instance (${RESUMES} runs: a reader leaves after 20 events of a ${TOKEN_MS} ms/token answer; instance B resumes from its position)\n`,
  )
  console.log('| library | p50 ms | p95 ms | p50 vs resumable-stream |')
  console.log('| --- | --: | --: | --: |')
  const vercelP50 = percentile(vercelResume, 50)
  for (const [name, samples] of [
    ['react-agent-stream/server, Redis Streams', kitResume],
    ['resumable-stream', vercelResume],
    ['react-agent-stream/server, memory (same instance)', memoryResume],
  ] as const) {
    const p50 = percentile(samples, 50)
    console.log(
      `| ${name} | ${p50.toFixed(1)} | ${percentile(samples, 95).toFixed(1)} | ${(p50 / vercelP50).toFixed(2)}x |`,
    )
  }

  console.log(
    `\n### Drop to first resumed token, the kit's client end to end (${Math.min(RESUMES, 10)} runs each; a proxy cuts the connection after 30 tokens; Redis store)\n`,
  )
  console.log('| client backoff | p50 ms | p95 ms | max ms |')
  console.log('| --- | --: | --: | --: |')
  for (const [name, retry] of [
    ['default: full jitter, first wait 250-1000 ms', undefined],
    ['no wait (baseDelayMs 0, minDelayMs 0): the stack alone', { baseDelayMs: 0, minDelayMs: 0 }],
  ] as const) {
    const drops = await clientDropToToken(kitA, retry)
    console.log(
      `| ${name} | ${percentile(drops, 50).toFixed(1)} | ${percentile(drops, 95).toFixed(1)} | ${Math.max(...drops).toFixed(1)} |`,
    )
  }

  await Promise.all([kitA.store.close(), kitB.store.close(), memory.close()])
} finally {
  await Promise.all(clients.map((client) => client.quit().catch(() => {})))
  await redis.close()
}
process.exit(0)
