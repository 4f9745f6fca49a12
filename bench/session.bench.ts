// Session ingest: `npx tsx bench/session.bench.ts`. Prints tables; asserts nothing.
import {
  type AgentEvent,
  createChatSession,
  createManualScheduler,
  type Protocol,
} from '../src/core/index.js'
import { createIterableTransport } from '../src/transports/index.js'

// Frames name a pre-decoded event so the bench measures the session, not JSON parsing.
const preDecoded = new Map<string, AgentEvent>()
const identity: Protocol = {
  name: 'bench-identity',
  createDecoder: () => ({ decode: (frame) => [preDecoded.get(frame.data) as AgentEvent], end: () => [] }),
}

async function ingest(count: number, protocol: Protocol) {
  const scheduler = createManualScheduler()
  let commits = 0
  const session = createChatSession({
    transport: createIterableTransport(function* () {
      for (let index = 0; index < count; index++) yield 'tok'
      yield 'finish'
    }),
    protocol,
    scheduler,
  })
  session.subscribe(() => commits++)
  const start = performance.now()
  await session.send('go')
  return { ms: performance.now() - start, commits }
}

preDecoded.set('tok', { type: 'text-delta', text: 'tok ' })
preDecoded.set('finish', { type: 'finish', reason: 'stop' })

const million = await ingest(1_000_000, identity)

// 10 000 tokens/s for 2 s, with a 16 ms frame clock: commits per second.
async function paced(tokensPerSecond: number, seconds: number) {
  const scheduler = createManualScheduler()
  let commits = 0
  let now = 0
  const total = tokensPerSecond * seconds
  const perFrame = Math.round(tokensPerSecond / 60)
  const session = createChatSession({
    transport: createIterableTransport(async function* () {
      for (let index = 0; index < total; index++) {
        yield 'tok'
        if (index % perFrame === perFrame - 1) {
          now += 1000 / 60
          await Promise.resolve()
          scheduler.flush()
        }
      }
      yield 'finish'
    }),
    protocol: identity,
    scheduler,
    timers: { now: () => now, setTimeout, clearTimeout: (handle) => clearTimeout(handle as never) },
  })
  session.subscribe(() => commits++)
  await session.send('go')
  return { commits, perSecond: commits / seconds }
}
const stream = await paced(10_000, 2)

console.log('\n### Session ingest\n')
console.log('| workload | events | ms | events/s | commits |')
console.log('|---|---|---|---|---|')
console.log(
  `| 1 000 000 small text deltas, one burst | 1000000 | ${million.ms.toFixed(0)} | ${(1_000_000 / (million.ms / 1000)).toFixed(0)} | ${million.commits} |`,
)
console.log('\n### Commits under a 10 000 tokens/s stream (60 Hz frame clock)\n')
console.log('| tokens/s | commits/s | tokens per commit |')
console.log('|---|---|---|')
console.log(`| 10000 | ${stream.perSecond.toFixed(1)} | ${(10_000 / stream.perSecond).toFixed(1)} |`)
