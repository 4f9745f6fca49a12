// Wrong frames on real documents, in real Chromium: the markdown corpus (READMEs, changelogs, docs,
// chat answers; test/fixtures/markdown-corpus/manifest.ts) streamed in 2-8 character chunks into
// StreamingMarkdown, react-markdown + remark-gfm re-rendering the raw text, and Streamdown. A frame
// is wrong when its visible text is not a prefix of the final render's, non-monotonic when it is not
// an extension of the previous frame's. Prints tables; asserts nothing.
// Run: npx tsx bench/markdown-corpus.bench.ts (BENCH_RENDERERS, BENCH_CORPUS_CAP narrow a run).
import { chunkEnds } from '../test/helpers/chunk-ends.js'
import {
  type CorpusDocument,
  corpusCap,
  type FrameCounts,
  loadCorpus,
} from '../test/helpers/markdown-corpus.js'
import type { FramesRequest } from './markdown/corpus-page.js'
import type { RendererName } from './markdown/renderers.js'
import { openBenchPage } from './markdown/serve.js'

const renderers = (process.env.BENCH_RENDERERS?.split(',') ?? [
  'StreamingMarkdown',
  'react-markdown',
  'Streamdown',
]) as RendererName[]
const cap = Number(process.env.BENCH_CORPUS_CAP ?? corpusCap)
/**
 * react-markdown and Streamdown render from the raw text alone, so a frame is the same whether or
 * not the updates before it were rendered: they render at most this many prefixes per document, at
 * evenly spaced chunk ends. StreamingMarkdown renders every chunk (its frames go through its
 * incremental state), and every frame is counted.
 */
const peerFrames = 300

interface Row {
  readonly document: CorpusDocument
  readonly renderer: RendererName
  readonly counts: FrameCounts
}

const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`)

function kindTable(rows: readonly Row[], documents: readonly CorpusDocument[]): string[] {
  const kinds = [...new Set(documents.map((document) => document.kind))]
  const lines = [
    `| Kind | Docs | ${renderers.map((name) => `${name} wrong / non-monotonic`).join(' | ')} | StreamingMarkdown worst doc |`,
    `| --- | --: | ${renderers.map(() => '--:').join(' | ')} | --- |`,
  ]
  for (const kind of [...kinds, 'all', 'all but Limits']) {
    const inKind = (row: Pick<Row, 'document'>) =>
      kind === 'all' || (kind === 'all but Limits' ? !row.document.knownLimit : row.document.kind === kind)
    const cells = renderers.map((renderer) => {
      const total = { frames: 0, wrong: 0, nonMonotonic: 0 }
      for (const row of rows.filter((row) => row.renderer === renderer && inKind(row))) {
        total.frames += row.counts.frames
        total.wrong += row.counts.wrong
        total.nonMonotonic += row.counts.nonMonotonic
      }
      return `${percent(total.wrong, total.frames)} / ${percent(total.nonMonotonic, total.frames)}`
    })
    const ours = rows.filter((row) => row.renderer === 'StreamingMarkdown' && inKind(row))
    const worst = ours.reduce<Row | undefined>(
      (worst, row) =>
        !worst || row.counts.wrong / row.counts.frames > worst.counts.wrong / worst.counts.frames
          ? row
          : worst,
      undefined,
    )
    const worstCell = worst
      ? `${worst.document.path.replace(/^node_modules\//, '')} ${percent(worst.counts.wrong, worst.counts.frames)}`
      : '—'
    const docs = documents.filter((document) => inKind({ document })).length
    lines.push(`| ${kind} | ${docs} | ${cells.join(' | ')} | ${worstCell} |`)
  }
  return lines
}

function documentTable(rows: readonly Row[]): string[] {
  const lines = [
    `| Document | Kind | KB | ${renderers.map((name) => `${name} wrong / non-mono`).join(' | ')} |`,
    `| --- | --- | --: | ${renderers.map(() => '--:').join(' | ')} |`,
  ]
  const documents = [...new Set(rows.map((row) => row.document))]
  for (const document of documents) {
    const cells = renderers.map((renderer) => {
      const row = rows.find((row) => row.document === document && row.renderer === renderer)
      return row
        ? `${percent(row.counts.wrong, row.counts.frames)} / ${percent(row.counts.nonMonotonic, row.counts.frames)}`
        : '—'
    })
    const name = document.path.replace(/^node_modules\//, '')
    lines.push(
      `| ${name} | ${document.kind} | ${(document.text.length / 1024).toFixed(1)} | ${cells.join(' | ')} |`,
    )
  }
  return lines
}

async function main() {
  const started = performance.now()
  const documents = loadCorpus(cap)
  const { page, close } = await openBenchPage('corpus.html')
  const rows: Row[] = []
  try {
    await page.waitForFunction(() => 'markdownCorpus' in window)
    for (const document of documents) {
      const ends = chunkEnds(document.text.length, 1)
      const step = Math.max(1, Math.ceil(ends.length / peerFrames))
      for (const renderer of renderers) {
        const request: FramesRequest = {
          renderer,
          text: document.text,
          ends:
            renderer === 'StreamingMarkdown' ? ends : ends.filter((_, index) => index % step === step - 1),
        }
        const counts = (await page.evaluate(
          (input) => window.markdownCorpus.frames(input),
          request,
        )) as FrameCounts
        rows.push({ document, renderer, counts })
      }
      const ours = rows.at(-renderers.length)?.counts
      process.stdout.write(
        `  ${document.path}: ${renderers[0]} ${percent(ours?.wrong ?? 0, ours?.frames ?? 0)} wrong ` +
          `(${((performance.now() - started) / 1000).toFixed(0)} s elapsed)\n`,
      )
    }
  } finally {
    await close()
  }
  const capped = documents.filter((document) => document.cut > 0).length
  const lines = [
    ...kindTable(rows, documents),
    '',
    ...documentTable(rows),
    '',
    'Wrong / non-monotonic: share of frames whose rendered text (innerText, whitespace collapsed) is not a',
    "prefix of the final render's / not an extension of the frame before. Kind rows weigh documents by",
    `their frames; "all but Limits" leaves out the documents docs/markdown.md lists under Limits. ${capped} documents`,
    `longer than ${(cap / 1024).toFixed(0)} KB are capped (first part plus the definitions after the cut).`,
    `StreamingMarkdown renders and counts every chunk; the peers render at most ${peerFrames} evenly spaced`,
    'prefixes per document (their frames depend on the text alone).',
    `Run took ${((performance.now() - started) / 1000).toFixed(0)} s.`,
  ]
  process.stdout.write(`\n${lines.join('\n')}\n`)
}

await main()
