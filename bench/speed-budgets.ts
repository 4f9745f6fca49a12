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

async function medianMs(run: () => Promise<void> | void, runs = 3): Promise<number> {
  const times: number[] = []
  for (let index = 0; index < runs; index++) {
    const start = performance.now()
    await run()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)] as number
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
  const ours = await medianMs(budget.ours)
  const peer = await medianMs(budget.peer)
  const ratio = ours / peer
  const ok = ratio <= budget.maxRatio
  if (!ok) failures++
  process.stdout.write(
    `| ${budget.name} | ${budget.peerName} | ${ratio.toFixed(3)} | ${budget.maxRatio} | ${ok ? 'ok' : 'OVER BUDGET'} |\n`,
  )
}
process.exit(failures > 0 ? 1 : 0)
