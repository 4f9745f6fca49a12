// Pure string functions behind StreamingMarkdown: no React, no DOM, nothing runs on import.

export { normalizeLabel } from './line-syntax.js'
export { AUTOLINK_BREAK } from './repair/autolink-literal.js'
export type { InlineRepairOptions } from './repair/inline-repair.js'
export { INCOMPLETE_LINK_URL, PENDING_REFERENCE_URL, repairInline } from './repair/inline-repair.js'
export type { RepairOptions } from './repair/repair.js'
export { repairBlock, repairMarkdown } from './repair/repair.js'
export type { UrlKind, UrlPolicy, UrlPolicyOptions, UrlVerdict } from './safety/url-policy.js'
export {
  createUrlPolicy,
  DEFAULT_URL_POLICY_OPTIONS,
  sanitizeUrl,
  srcsetUrls,
  URL_ATTRIBUTES,
} from './safety/url-policy.js'
export type {
  BlockSplit,
  BlockSplitter,
  BlockSplitterOptions,
  MarkdownBlock,
  MarkdownBlockKind,
  OpenFence,
} from './split/block-splitter.js'
export { createBlockSplitter, splitBlocks } from './split/block-splitter.js'
export type { ReferenceForm, ReferenceUse } from './split/reference-scan.js'
