import { memo } from 'react'
import {
  type FootnoteNumbering,
  rehypeBlockFootnotes,
  rehypeCaret,
  rehypeOnlyFootnotes,
  rehypeStreamingMarks,
} from '../../markdown/tree/rehype-stream.js'
import { type MarkdownPipeline, renderTree } from './pipeline.js'
import { BlockStreamingContext } from './streaming-context.js'

export { useMarkdownStreaming } from './streaming-context.js'

export interface MarkdownBlockProps {
  /** Definitions the block uses, then the block's (repaired) text. */
  readonly source: string
  readonly pipeline: MarkdownPipeline
  /** Offset in `source` from which elements count as streaming; -1 when the block is settled. */
  readonly streamingFrom: number
  /** Offset in `source` of the opener of the top-level code fence it ends in, or -1 (see `MarkdownPipeline.parse`). */
  readonly fenceStart: number
  readonly caret: boolean
  /** Footnote numbers of the block's references (the planner keeps the object while they do not change). */
  readonly footnotes: FootnoteNumbering | undefined
}

/** One block, parsed with the pipeline and memoised: a settled block never renders again. */
export const MarkdownBlock = /* @__PURE__ */ memo(function MarkdownBlock({
  source,
  pipeline,
  streamingFrom,
  fenceStart,
  caret,
  footnotes,
}: MarkdownBlockProps) {
  const tree = pipeline.parse(source, fenceStart)
  if (footnotes) rehypeBlockFootnotes({ numbering: footnotes })(tree)
  if (streamingFrom >= 0) rehypeStreamingMarks({ from: streamingFrom })(tree)
  if (caret) rehypeCaret()(tree)
  pipeline.safety(tree)
  pipeline.filter(tree)
  return (
    <BlockStreamingContext.Provider value={streamingFrom >= 0}>
      {renderTree(tree, pipeline.components)}
    </BlockStreamingContext.Provider>
  )
})

/** The document's footnote section, rendered from the references and definitions collected. */
export const FootnoteSection = /* @__PURE__ */ memo(function FootnoteSection({
  source,
  pipeline,
  openLabel,
}: {
  readonly source: string
  readonly pipeline: MarkdownPipeline
  /** The label of the footnote definition still streaming, whose back-links are held. */
  readonly openLabel: string | undefined
}) {
  const tree = pipeline.parse(source)
  rehypeOnlyFootnotes({ open: openLabel })(tree)
  pipeline.safety(tree)
  pipeline.filter(tree)
  return renderTree(tree, pipeline.components)
})
