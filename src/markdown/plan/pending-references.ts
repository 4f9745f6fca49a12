// Which references render as pending links while their definitions are still to come, shared by
// the blocks and the footnote section.
import { type MarkdownBlock as Block, type BlockSplit, PENDING_REFERENCE_URL } from '../index.js'

/** Shortcut labels that only ever name a definition: an issue, a pull request, a user (`[#12]`, `[@ana]`). */
const handleLabel = /^(?:#\d+|@[\w.-]+|GH-\d+)$/i

/** How a block's references render while their definitions are still to come. */
export interface PendingReferences {
  /** Labels that get a stand-in definition (the reference renders as a pending link). */
  readonly labels: readonly string[]
  /** Shortcuts that are (or will show as) links, and shortcuts left as text. */
  readonly shortcutLinks: number
  readonly shortcutLiterals: number
  /** Whether the document writes reference links, once this block is read. */
  readonly referenceStyle: boolean
}

/**
 * A full `[text][label]` or collapsed `[label][]` reference is a link to come (unless a letter or
 * digit is glued to its `[`, as in `m[i][j]`). A shortcut `[label]` is one only once the document has
 * shown it writes references: a definition, a full or collapsed reference, or a shortcut naming an
 * issue or a user (`[#12]`, `[@ana]`) before it. Without that, `[label]` is far more often literal
 * text (`[sic]`, `[4.2.0]`, `[f0dee4b]`) and stays so until a definition arrives.
 */
export function pendingReferences(block: Block, split: BlockSplit, styleBefore: boolean): PendingReferences {
  let referenceStyle = styleBefore || block.definitions.size > 0
  const labels = new Set<string>()
  let shortcutLinks = 0
  let shortcutLiterals = 0
  for (const use of block.references) {
    if (use.attached) continue
    const shortcut = use.form === 'shortcut'
    if (!shortcut || handleLabel.test(use.label)) referenceStyle = true
    const defined = split.definitions.has(use.label)
    if (shortcut && (defined || referenceStyle)) shortcutLinks += 1
    else if (shortcut) shortcutLiterals += 1
    if (!defined && (!shortcut || referenceStyle)) labels.add(use.label)
  }
  return { labels: [...labels], shortcutLinks, shortcutLiterals, referenceStyle }
}

/** The stand-in definition a pending reference is parsed with. */
export function pendingDefinition(label: string): string {
  return `[${label}]: ${PENDING_REFERENCE_URL}`
}
