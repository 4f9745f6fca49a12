// Speed budgets for CI: the kit against the libraries users would pick instead, in the same run,
// as ratios (never absolute times, which depend on the machine). Exits non-zero when a ratio is
// over its budget. Quick by design (a few seconds); the full tables are `npm run bench`.
import { performance } from 'node:perf_hooks'
import { createIncrementalJson } from '../src/core/index.js'
import { eventsourceParserReader } from '../src/transports/index.js'
import { chunks, viaPlainFes, viaReader } from './support/sse-harness.js'

interface Budget {
  name: string
  ours: () => Promise<void> | void
  peer: () => Promise<void> | void
  peerName: string
  /** The highest acceptable ours / peer time. */
  maxRatio: number
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

/**
 * Ours and the peer's medians over `runs` interleaved runs (one of each in turn), so a burst of
 * load from other processes on the machine lands on both sides instead of on one.
 */
async function interleavedMedians(budget: Budget, runs: number): Promise<{ ours: number; peer: number }> {
  const ours: number[] = []
  const peer: number[] = []
  for (let index = 0; index < runs; index++) {
    for (const [run, times] of [
      [budget.ours, ours],
      [budget.peer, peer],
    ] as const) {
      const start = performance.now()
      await run()
      times.push(performance.now() - start)
    }
  }
  return { ours: median(ours), peer: median(peer) }
}

const longLine = chunks(`data: ${'x'.repeat(2 * 1024 * 1024)}\n\n`, 1460)

// A tool call whose arguments stream as ~60 KB of JSON in small fragments.
const argsJson = JSON.stringify({
  rows: Array.from({ length: 800 }, (_, index) => ({ id: index, name: `row ${index}`, tags: ['a', 'b'] })),
})
const fragments = argsJson.match(/.{1,24}/gs) ?? []
const { parsePartialJson } = await import('ai')

const budgets: Budget[] = [
  {
    name: '2 MiB single-line SSE event (1460-byte chunks)',
    ours: async () => void (await viaReader(eventsourceParserReader, longLine)),
    peer: async () => void (await viaPlainFes(longLine)),
    peerName: 'fetch-event-source used plainly',
    maxRatio: 0.5,
  },
  {
    name: `tool-call arguments, ${Math.round(argsJson.length / 1024)} KB in ${fragments.length} deltas, partial value per delta`,
    ours: () => {
      const parser = createIncrementalJson()
      for (const fragment of fragments) {
        parser.push(fragment)
        parser.value()
      }
    },
    peer: async () => {
      let text = ''
      for (const fragment of fragments) {
        text += fragment
        await parsePartialJson(text)
      }
    },
    peerName: "the AI SDK's parsePartialJson per delta",
    maxRatio: 0.25,
  },
]

let failures = 0
process.stdout.write('| budget | vs | ours / theirs | limit | |\n| --- | --- | ---: | ---: | --- |\n')
for (const budget of budgets) {
  await interleavedMedians(budget, 1) // warm-up: JIT and first-use costs stay out of the ratio
  let { ours, peer } = await interleavedMedians(budget, 5)
  // Over budget once: measured again with more runs before it counts (a shared CI machine's
  // load can land on a few runs in a row); the second measure decides.
  if (ours / peer > budget.maxRatio) ({ ours, peer } = await interleavedMedians(budget, 11))
  const ratio = ours / peer
  const ok = ratio <= budget.maxRatio
  if (!ok) failures++
  process.stdout.write(
    `| ${budget.name} | ${budget.peerName} | ${ratio.toFixed(3)} | ${budget.maxRatio} | ${ok ? 'ok' : 'OVER BUDGET'} |\n`,
  )
}
process.exit(failures > 0 ? 1 : 0)
