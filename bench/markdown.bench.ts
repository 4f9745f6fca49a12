// Streaming-markdown benchmark in real Chromium: StreamingMarkdown vs plain react-markdown +
// remark-gfm (re-rendered per chunk) vs Streamdown, on realistic 10/50/200 KB answers streamed in
// 2-8 character chunks, and on one long code fence of 10/50/200 KB. Prints tables; never asserts
// time. Run: npx tsx bench/markdown.bench.ts (BENCH_SIZES= runs only the code fences).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import react from '@vitejs/plugin-react'
import { build } from 'vite'
import { chunkEnds } from '../test/helpers/chunk-ends.js'
import type { RendererName, RunRequest, RunResult } from './markdown/page.js'
import { openBenchPage } from './markdown/serve.js'

const here = fileURLToPath(new URL('./markdown/', import.meta.url))
const fixtures = fileURLToPath(new URL('../test/fixtures/markdown/', import.meta.url))
// BENCH_RENDERERS / BENCH_SIZES (comma-separated) narrow a run, e.g. while profiling one case.
const renderers = (process.env.BENCH_RENDERERS?.split(',') ?? [
  'StreamingMarkdown',
  'react-markdown',
  'Streamdown',
]) as RendererName[]
// An empty BENCH_SIZES leaves the prose answers out (only the code fences run).
const sizeList = (value: string | undefined, fallback: string) =>
  (value ?? fallback).split(',').filter(Boolean).map(Number)
const sizes = sizeList(process.env.BENCH_SIZES, '10,50,200')
// BENCH_CODE_SIZES narrows the single-fence answers; BENCH_CODE=0 leaves them out.
const codeSizes = process.env.BENCH_CODE === '0' ? [] : sizeList(process.env.BENCH_CODE_SIZES, '10,50,200')
/** Updates timed per window (near 10% and near 90%) for the renderers too slow to stream fully. */
const windowUpdates: Record<RendererName, Record<number, number>> = {
  StreamingMarkdown: { 10: 0, 50: 0, 200: Number(process.env.BENCH_WINDOW ?? 0) },
  Streamdown: { 10: 100, 50: 40, 200: 12 },
  'react-markdown': { 10: 100, 50: 20, 200: 6 },
}

const parts = readdirSync(fixtures)
  .filter((name) => name.endsWith('.md'))
  .sort()
  .map((name) => readFileSync(join(fixtures, name), 'utf8'))
/** Length of one pass over all fixtures: windows a whole number of passes apart see the same content. */
const period = parts.reduce((sum, part) => sum + part.replace(/^\[\^[^\]]+\]:.*\n?/gm, '').length + 2, 0)

/**
 * A realistic long answer: the fixture answers one after another until `kilobytes`, with every
 * footnote definition moved to the end (where a single answer has them).
 */
function answer(kilobytes: number): string {
  let body = ''
  const notes: string[] = []
  for (let copy = 0; body.length < kilobytes * 1024; copy += 1) {
    // Distinct footnote labels per copy, as one long answer would have.
    const part = (parts[copy % parts.length] ?? '').replace(/\[\^([^\]]+)\]/g, `[^$1-${copy}]`)
    body += `${part.replace(/^\[\^[^\]]+\]:.*\n?/gm, (line) => {
      notes.push(line.trimEnd())
      return ''
    })}\n\n`
  }
  const footer = `\n\n${notes.join('\n\n')}\n`
  return body.slice(0, Math.max(0, kilobytes * 1024 - footer.length)) + footer
}

/**
 * An agent writing a file: a sentence, then one code fence of `kilobytes` (the kit's own source,
 * repeated). The file is short (4 KB) so that even at 10 KB the 90% window is whole periods after
 * the 10% one.
 */
function codeAnswer(kilobytes: number): { text: string; period: number } {
  const file = readFileSync(fileURLToPath(new URL('../src/markdown/line-syntax.ts', import.meta.url)), 'utf8')
  let text = 'Here is the whole file:\n\n```ts\n'
  while (text.length < kilobytes * 1024 - 5) text += file
  return { text: `${text.slice(0, kilobytes * 1024 - 5)}\n\`\`\`\n`, period: file.length }
}

interface BenchCase {
  readonly label: string
  /** Size class for the peers' window lengths. */
  readonly size: number
  readonly text: string
  /** Length of the repeated content: the 90% window sits a whole number of periods after the 10% one. */
  readonly period: number
}

const cases: BenchCase[] = [
  ...sizes.map((size) => ({ label: `${size} KB`, size, text: answer(size), period })),
  // One long code fence streamed: per-update time must not grow with the fence (the p95 ratio).
  ...codeSizes.map((size) => ({ label: `${size} KB code`, size, ...codeAnswer(size) })),
]

function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN
}

const mean = (values: readonly number[]) =>
  values.reduce((sum, value) => sum + value, 0) / (values.length || 1)
const format = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '—')

async function bundleSize(entry: string): Promise<number> {
  const outDir = mkdtempSync(join(tmpdir(), 'ras-bundle-'))
  try {
    await build({
      configFile: false,
      logLevel: 'silent',
      plugins: [react()],
      build: {
        outDir,
        minify: true,
        lib: { entry: join(here, entry), formats: ['es'], fileName: 'bundle' },
        rolldownOptions: { external: [/^react($|\/)/, /^react-dom($|\/)/], output: { minify: true } },
      },
    })
    const file = readdirSync(outDir).find((name) => name.endsWith('.js')) ?? ''
    return gzipSync(readFileSync(join(outDir, file))).length
  } finally {
    rmSync(outDir, { recursive: true, force: true })
  }
}

interface Row {
  readonly renderer: RendererName
  readonly label: string
  readonly updates: number
  readonly total: number
  readonly estimated: boolean
  readonly p50At10: number
  readonly p95At10: number
  readonly p50At90: number
  readonly p95At90: number
  readonly longTasks: string
  readonly wrong: string
}

async function main() {
  const started = performance.now()
  const { page, close } = await openBenchPage(
    'index.html',
    process.env.BENCH_LAYOUT === '0' ? '?layout=0' : '',
  )
  const rows: Row[] = []
  try {
    await page.waitForFunction(() => 'markdownBench' in window)
    const runInPage = (request: RunRequest) =>
      page.evaluate((input) => window.markdownBench.run(input), request) as Promise<RunResult>

    for (const { label, size, text, period } of cases) {
      const ends = chunkEnds(text.length, size)
      const at10 = Math.floor(ends.length * 0.1)
      // Near 90%, at the same place in the repeated content as the 10% window, so the two windows
      // differ only in how much document precedes them.
      const offset10 = ends[at10] ?? 0
      const offset90 = offset10 + Math.round((text.length * 0.9 - offset10) / period) * period
      const at90 = Math.max(
        0,
        ends.findIndex((end) => end >= offset90),
      )
      for (const renderer of renderers) {
        const window = windowUpdates[renderer][size] ?? 0
        if (window === 0) {
          // Every update, from the first character to the last.
          const step = Math.max(1, Math.floor(ends.length / 1500))
          const result = await runInPage({
            renderer,
            text,
            ends,
            sampleEnds: ends.filter((_, index) => index % step === 0),
          })
          const near = (center: number) => result.durations.slice(Math.max(0, center - 100), center + 100)
          rows.push({
            renderer,
            label,
            updates: ends.length,
            total: result.durations.reduce((sum, value) => sum + value, 0),
            estimated: false,
            p50At10: percentile(near(at10), 0.5),
            p95At10: percentile(near(at10), 0.95),
            p50At90: percentile(near(at90), 0.5),
            p95At90: percentile(near(at90), 0.95),
            longTasks: `${result.longTasks} (${format(result.longTaskTime / 1000, 1)} s)`,
            wrong: `${format((100 * result.wrong) / result.sampled, 1)}% of ${result.sampled}`,
          })
        } else {
          // Too slow to stream fully within the run: time a window of consecutive updates near
          // 10% and near 90% (after rendering the prefix before it), integrate linearly.
          const windowAt = async (center: number) =>
            runInPage({
              renderer,
              text,
              warmEnd: ends[center - 1] ?? 0,
              ends: ends.slice(center, center + window),
              sampleEnds: ends.slice(center, center + window),
            })
          const low = await windowAt(at10)
          const high = await windowAt(at90)
          const meanLow = mean(low.durations)
          const meanHigh = mean(high.durations)
          // Cost grows roughly linearly with the prefix: extrapolate from 10%/90% to 0%/100%.
          const slope = (meanHigh - meanLow) / 0.8
          const total = ends.length * (meanLow - 0.1 * slope + 0.5 * slope)
          const sampled = low.sampled + high.sampled
          rows.push({
            renderer,
            label,
            updates: ends.length,
            total,
            estimated: true,
            p50At10: percentile(low.durations, 0.5),
            p95At10: percentile(low.durations, 0.95),
            p50At90: percentile(high.durations, 0.5),
            p95At90: percentile(high.durations, 0.95),
            longTasks: `${low.longTasks + high.longTasks} of ${2 * window} sampled`,
            wrong: `${format((100 * (low.wrong + high.wrong)) / sampled, 1)}% of ${sampled}`,
          })
        }
        const row = rows[rows.length - 1]
        process.stdout.write(
          `  ${renderer} ${label}: total ${format((row?.total ?? 0) / 1000)} s${row?.estimated ? ' (est.)' : ''}, ` +
            `p95 @10% ${format(row?.p95At10 ?? 0)} ms, @90% ${format(row?.p95At90 ?? 0)} ms ` +
            `(${format((performance.now() - started) / 1000, 0)} s elapsed)\n`,
        )
      }
    }
  } finally {
    await close()
  }

  const lines = [
    '| Renderer | Size | Updates | Total main-thread (s) | p50 / p95 @10% (ms) | p50 / p95 @90% (ms) | p95 90%/10% | Long tasks | Wrong frames |',
    '| --- | --- | --: | --: | --: | --: | --: | --- | --- |',
  ]
  for (const row of rows) {
    lines.push(
      `| ${row.renderer} | ${row.label} | ${row.updates} | ${format(row.total / 1000)}${row.estimated ? ' (est.)' : ''} | ` +
        `${format(row.p50At10)} / ${format(row.p95At10)} | ${format(row.p50At90)} / ${format(row.p95At90)} | ` +
        `${format(row.p95At90 / row.p95At10)}x | ${row.longTasks} | ${row.wrong} |`,
    )
  }
  lines.push(
    '',
    '| Answer | react-markdown / StreamingMarkdown (total) | Streamdown / StreamingMarkdown (total) |',
    '| --- | --: | --: |',
  )
  for (const { label } of cases) {
    const of = (name: RendererName) =>
      rows.find((row) => row.renderer === name && row.label === label)?.total ?? Number.NaN
    const ours = of('StreamingMarkdown')
    lines.push(
      `| ${label} | ${format(of('react-markdown') / ours, 1)}x | ${format(of('Streamdown') / ours, 1)}x |`,
    )
  }
  const ours = await bundleSize('bundle-streaming.ts')
  const base = await bundleSize('bundle-react-markdown.ts')
  lines.push(
    '',
    '| Bundle (min+gzip, react external) | bytes |',
    '| --- | --: |',
    `| StreamingMarkdown (with its parser, GFM and renderer) | ${ours} |`,
    `| react-markdown + remark-gfm alone | ${base} |`,
    `| difference | ${ours - base} (${format((ours - base) / 1024)} KB) |`,
    '',
    'Rows marked (est.) time a window of consecutive updates near 10% and 90% of the document',
    '(after an untimed render of the prefix) and integrate linearly: streaming them fully would take',
    'longer than the whole run. Update time = React commit + forced layout of one chunk.',
    `Run took ${format((performance.now() - started) / 1000, 0)} s.`,
  )
  process.stdout.write(`\n${lines.join('\n')}\n`)
}

await main()
