// SSE readers side by side: `npx tsx bench/transports.bench.ts`. Prints tables; asserts nothing.
// The kit's one reader (eventsource-parser behind the guard) against fetch-event-source, the
// library users would pick instead (a dev dependency, for this comparison only). Without `window`
// and `document` it never settles in Node: it runs under a minimal shim, fed the raw 1460-byte chunks.
import { eventsourceParserReader } from '../src/transports/index.js'
import { chunks, viaPlainFes, viaReader } from './support/sse-harness.js'

async function time(run: () => Promise<number>): Promise<{ ms: number; events: number }> {
  const start = performance.now()
  const events = await run()
  return { ms: performance.now() - start, events }
}

const small = Array.from(
  { length: 200_000 },
  (_, index) => `id: ${index}\ndata: {"type":"text-delta","text":"tok${index}"}\n\n`,
).join('')
const smallChunks = chunks(small, 1460)
const long = chunks(`data: ${'x'.repeat(4 * 1024 * 1024)}\n\n`, 1460)

const rows: string[] = []
for (const [name, run] of [
  [
    "the kit's reader (eventsource-parser, guarded)",
    (list: Uint8Array[]) => viaReader(eventsourceParserReader, list),
  ],
  ['fetch-event-source used plainly', (list: Uint8Array[]) => viaPlainFes(list)],
] as const) {
  const burst = await time(() => run(smallChunks))
  const line = await time(() => run(long))
  rows.push(
    `| ${name} | ${(burst.events / (burst.ms / 1000)).toFixed(0)} | ${burst.ms.toFixed(0)} | ${line.ms.toFixed(0)} |`,
  )
  rows.push(`<!-- ${burst.events} ${line.events} -->`)
}
const base = rows.filter((row) => !row.startsWith('<!--'))
const lineMs = base.map((row) => Number(row.split('|')[4]))
console.log(
  '\n### SSE readers (200 000 small events, and one 4 MiB single-line event, in 1460-byte chunks)\n',
)
console.log('| reader | events/s | 200k burst ms | 4 MiB line ms | 4 MiB vs fes plainly |')
console.log('|---|---|---|---|---|')
base.forEach((row, index) => {
  console.log(`${row} ${((lineMs[index] ?? 1) / (lineMs[1] ?? 1)).toFixed(3)}× |`)
})
