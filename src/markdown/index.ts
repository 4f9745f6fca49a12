// Pure string functions behind StreamingMarkdown: no React, no DOM, nothing runs on import.

export { AUTOLINK_BREAK } from './autolink-literal.js'
export type {
  BlockSplit,
  BlockSplitter,
  BlockSplitterOptions,
  MarkdownBlock,
  MarkdownBlockKind,
} from './block-splitter.js'
export { createBlockSplitter, splitBlocks } from './block-splitter.js'
export type { InlineRepairOptions } from './inline-repair.js'
export { INCOMPLETE_LINK_URL, PENDING_REFERENCE_URL, repairInline } from './inline-repair.js'
export { normalizeLabel } from './line-syntax.js'
export type { ReferenceForm, ReferenceUse } from './reference-scan.js'
export type { RepairOptions } from './repair.js'
export { repairBlock, repairMarkdown } from './repair.js'
export type { UrlKind, UrlPolicy, UrlPolicyOptions, UrlVerdict } from './url-policy.js'
export {
  createUrlPolicy,
  DEFAULT_URL_POLICY_OPTIONS,
  sanitizeUrl,
  srcsetUrls,
  URL_ATTRIBUTES,
} from './url-policy.js'
