// Protocol decoder benchmarks: `npx tsx bench/protocols.bench.ts`. Prints markdown tables; never
// asserts time. 1) decode throughput per protocol over the recorded transcripts in test/fixtures;
// 2) one tool call whose arguments stream as a 200 KB JSON document, parsed by our incremental
// parser versus re-parsing the whole partial JSON on every delta (the AI SDK's parsePartialJson,
// which its state layer runs per tool-input-delta). `--with-state-layer` adds the AI SDK state layer
// itself (readUIMessageStream), which alone takes over a minute here.
import { performance } from 'node:perf_hooks'
import type { Frame, Protocol } from '../src/core/index.js'
import { createIncrementalJson } from '../src/core/index.js'
import { protocols } from '../src/protocols/index.js'
import { readFrames } from '../test/helpers/sse-fixture.js'

const FIXTURES: Record<string, string[]> = {
  'plain-text': ['plain-text/fastapi-markdown.sse'],
  'agent-events': ['agent-events/weather-tools.sse'],
  'websocket-chunk': ['websocket-chunk/answer.jsonl'],
  'openai-chat': ['openai-chat/parallel-tool-calls.sse', 'openai-chat/text-with-usage.sse'],
  'openai-responses': ['openai-responses/reasoning-tool-text.sse'],
  anthropic: ['anthropic/thinking-tool-use.sse'],
  'ai-sdk': ['ai-sdk/stream-text-tools.sse', 'ai-sdk/custom-data-error.sse'],
  langchain: ['langchain/tool-agent-events.sse'],
  langgraph: ['langgraph/messages-tuple-tools.sse'],
  'multi-agent': ['multi-agent/research-team.sse'],
  'ag-ui': ['ag-ui/weather-state-tools.sse', 'ag-ui/approval-interrupt.sse'],
}
const TARGET_BYTES = 2_000_000

function decodeThroughput(name: string, protocol: Protocol, transcripts: Frame[][]) {
  const bytesPerRound = transcripts.flat().reduce((sum, frame) => sum + Buffer.byteLength(frame.data), 0)
  const rounds = Math.max(1, Math.ceil(TARGET_BYTES / bytesPerRound))
  let events = 0
  const run = (count: number) => {
    for (let round = 0; round < count; round++) {
      for (const frames of transcripts) {
        const decoder = protocol.createDecoder()
        for (const frame of frames) events += decoder.decode(frame).length
        events += decoder.end().length
      }
    }
  }
  run(Math.ceil(rounds / 10)) // warm-up
  events = 0
  const start = performance.now()
  run(rounds)
  const seconds = (performance.now() - start) / 1000
  const frames = transcripts.flat().length * rounds
  return {
    name,
    frames,
    eventsPerSecond: events / seconds,
    framesPerSecond: frames / seconds,
    megabytesPerSecond: (bytesPerRound * rounds) / 1e6 / seconds,
  }
}

function format(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
}

console.log('## Decode throughput (recorded transcripts, ~2 MB of frame data per protocol)\n')
console.log('| protocol | frames | events/s | frames/s | MB/s |')
console.log('| --- | ---: | ---: | ---: | ---: |')
for (const [name, paths] of Object.entries(FIXTURES)) {
  const protocol = (protocols as Record<string, Protocol>)[name] as Protocol
  const row = decodeThroughput(
    name,
    protocol,
    paths.map((path) => readFrames(path)),
  )
  console.log(
    `| ${row.name} | ${format(row.frames)} | ${format(row.eventsPerSecond)} | ${format(row.framesPerSecond)} | ${format(row.megabytesPerSecond, 1)} |`,
  )
}
{
  const all = Object.values(FIXTURES)
    .flat()
    .map((path) => readFrames(path))
  const row = decodeThroughput('auto (all transcripts)', protocols.auto, all)
  console.log(
    `| ${row.name} | ${format(row.frames)} | ${format(row.eventsPerSecond)} | ${format(row.framesPerSecond)} | ${format(row.megabytesPerSecond, 1)} |`,
  )
}

// ---- 200 KB of streamed tool-call arguments
const document = {
  title: 'Quarterly report',
  sections: Array.from({ length: 1120 }, (_, index) => ({
    id: index,
    heading: `Section ${index}`,
    body: `Revenue grew in region ${index % 17} while costs "held" steady; see table ${index}.`,
    figures: [index, index * 2.5, -index, { delta: index / 7 }],
    published: index % 3 === 0,
  })),
}
const argsText = JSON.stringify(document)
const DELTA = 24
const deltas: string[] = []
for (let offset = 0; offset < argsText.length; offset += DELTA)
  deltas.push(argsText.slice(offset, offset + DELTA))

function timeIt(run: () => void): number {
  const start = performance.now()
  run()
  return performance.now() - start
}
async function timeItAsync(run: () => Promise<void>): Promise<number> {
  const start = performance.now()
  await run()
  return performance.now() - start
}

const rows: { name: string; ms: number; note: string }[] = []
rows.push({
  name: 'react-agent-stream createIncrementalJson (push + value() per delta)',
  ms: timeIt(() => {
    const parser = createIncrementalJson()
    for (const delta of deltas) {
      parser.push(delta)
      parser.value()
    }
    if (!parser.complete) throw new Error('incremental parser did not complete')
  }),
  note: 'what the session does per tool-call-delta',
})
rows.push({
  name: 'react-agent-stream createIncrementalJson (push only, value() at the end)',
  ms: timeIt(() => {
    const parser = createIncrementalJson()
    for (const delta of deltas) parser.push(delta)
    parser.value()
  }),
  note: 'parsing cost alone',
})
rows.push({
  name: 'openai-chat decoder, 200 KB of tool_calls argument chunks',
  ms: timeIt(() => {
    const decoder = protocols['openai-chat'].createDecoder()
    const chunk = (delta: object, finish: string | null = null) => ({
      data: JSON.stringify({
        id: 'c',
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta, finish_reason: finish }],
      }),
    })
    const frames = [
      chunk({ tool_calls: [{ index: 0, id: 'call_1', function: { name: 'write_report', arguments: '' } }] }),
      ...deltas.map((arguments_) =>
        chunk({ tool_calls: [{ index: 0, function: { arguments: arguments_ } }] }),
      ),
      chunk({}, 'tool_calls'),
      { data: '[DONE]' },
    ]
    for (const frame of frames) decoder.decode(frame)
  }),
  note: 'decode incl. JSON.parse of each SSE frame and the final args parse',
})

let baselineNote = ''
try {
  const ai = (await import('ai')) as typeof import('ai')
  rows.push({
    name: 'AI SDK parsePartialJson on the accumulated text per delta (ai@6)',
    ms: await timeItAsync(async () => {
      let text = ''
      for (const delta of deltas) {
        text += delta
        await ai.parsePartialJson(text)
      }
    }),
    note: 're-parses everything so far on every delta',
  })
  if (process.argv.includes('--with-state-layer')) {
    const chunks = [
      { type: 'start' as const },
      { type: 'tool-input-start' as const, toolCallId: 'call-1', toolName: 'writeReport' },
      ...deltas.map((inputTextDelta) => ({
        type: 'tool-input-delta' as const,
        toolCallId: 'call-1',
        inputTextDelta,
      })),
      {
        type: 'tool-input-available' as const,
        toolCallId: 'call-1',
        toolName: 'writeReport',
        input: document,
      },
      { type: 'finish' as const },
    ]
    rows.push({
      name: 'AI SDK state layer: readUIMessageStream over the same deltas (ai@6)',
      ms: await timeItAsync(async () => {
        const stream = new ReadableStream({
          start(controller) {
            for (const chunk of chunks) controller.enqueue(chunk)
            controller.close()
          },
        })
        for await (const _message of ai.readUIMessageStream({ stream })) {
          // drain
        }
      }),
      note: 'the state layer useChat runs',
    })
  }
  baselineNote = process.argv.includes('--with-state-layer')
    ? "Baseline: the installed `ai` package's own `parsePartialJson` and `readUIMessageStream`."
    : "Baseline: the installed `ai` package's own `parsePartialJson` (add `--with-state-layer` for `readUIMessageStream`)."
} catch (error) {
  rows.push({
    name: 'naive JSON re-parse of the accumulated text per delta',
    ms: timeIt(() => {
      let text = ''
      for (const delta of deltas) {
        text += delta
        try {
          JSON.parse(text)
        } catch {
          // partial
        }
      }
    }),
    note: 'fallback baseline',
  })
  baselineNote = `Baseline: naive re-parse (the ai package could not be imported: ${String(error)}).`
}

const ours = rows[0]?.ms ?? 1
console.log(
  `\n## One tool call, arguments streamed as a ${format(argsText.length / 1024, 0)} KB JSON document in ${format(deltas.length)} deltas of ${DELTA} chars\n`,
)
console.log(baselineNote, '\n')
console.log('| parser | total ms | per delta µs | × ours | note |')
console.log('| --- | ---: | ---: | ---: | --- |')
for (const row of rows) {
  console.log(
    `| ${row.name} | ${format(row.ms, 1)} | ${format((row.ms * 1000) / deltas.length, 2)} | ${format(row.ms / ours, 1)} | ${row.note} |`,
  )
}
