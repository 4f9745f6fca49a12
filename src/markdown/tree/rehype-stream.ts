import { AUTOLINK_BREAK } from '../index.js'
import { type Element, type HastParent, type Root, voidElements, walkElements } from './hast.js'

const clobberPrefix = 'user-content-'

/**
 * Marks elements that hold the end of the streaming text with `data-streaming="true"`, and takes
 * out the word joiners the repair put into a streaming autolink literal (they stop GFM from linking
 * it early and have no glyph, but copying the text would carry them).
 */
export function rehypeStreamingMarks(options: { readonly from: number }) {
  return (tree: Root) => {
    walkElements(tree, (element) => {
      const end = element.position?.end.offset
      if (end !== undefined && end >= options.from) element.properties.dataStreaming = 'true'
      for (const child of element.children) {
        if (child.type === 'text' && child.value.includes(AUTOLINK_BREAK)) {
          child.value = child.value.replaceAll(AUTOLINK_BREAK, '')
        }
      }
    })
  }
}

/** Elements the caret never goes into besides void ones (not text). */
const notCaretHosts = new Set(['sup', 'section', 'table', 'math', 'svg'])
/** Rendered math lays out its own boxes (KaTeX shifts spans by offsets): a caret inside lands mid-formula. */
const mathClasses = new Set(['katex', 'katex-display', 'katex-error'])

function isCaretHost(element: Element): boolean {
  if (voidElements.has(element.tagName) || notCaretHosts.has(element.tagName)) return false
  const classes = element.properties.className
  return !(Array.isArray(classes) && classes.some((name) => mathClasses.has(String(name))))
}

/** Puts the caret (one element) after the last text of the tree, inside the innermost last block. */
export function rehypeCaret() {
  return (tree: Root) => {
    const caret: Element = {
      type: 'element',
      tagName: 'span',
      properties: { className: ['ras-caret'], ariaHidden: 'true', dataCaret: '' },
      children: [],
    }
    let host: HastParent = tree
    for (;;) {
      const children: HastParent['children'] = host.children
      let last: Element | undefined
      for (let index = children.length - 1; index >= 0; index -= 1) {
        const child = children[index]
        if (child?.type === 'text' && child.value.trim() === '') continue
        if (child?.type === 'element' && isCaretHost(child)) {
          last =
            child.tagName === 'pre'
              ? (child.children.find((node) => node.type === 'element') as Element)
              : child
        } else if (child?.type === 'element' && child.tagName === 'table') {
          const body = child.children.filter((node) => node.type === 'element').at(-1) as Element | undefined
          const row = body?.children.filter((node) => node.type === 'element').at(-1) as Element | undefined
          last = row?.children.filter((node) => node.type === 'element').at(-1) as Element | undefined
        }
        break
      }
      if (!last) break
      host = last
    }
    ;(host.children as Element[]).push(caret)
  }
}

/** How one footnote reference renders in a block. */
export interface FootnoteNumber {
  /** 1-based number in the whole document. */
  readonly number: number
  /** References to the same footnote before this block (the id of a repeated reference counts them). */
  readonly before: number
  /** Its definition has not arrived: a pending superscript, pointing nowhere yet. */
  readonly pending: boolean
}

/** Normalised label -> how its references render in one block. */
export type FootnoteNumbering = ReadonlyMap<string, FootnoteNumber>

function labelOf(href: string): string | undefined {
  const prefix = `#${clobberPrefix}fn-`
  if (!href.startsWith(prefix)) return undefined
  try {
    return decodeURIComponent(href.slice(prefix.length)).toUpperCase()
  } catch {
    return href.slice(prefix.length).toUpperCase()
  }
}

/**
 * Per-block footnotes: numbers references as the whole document would, and drops the block's own
 * footnote section (the document's one is rendered once, after the last block).
 */
export function rehypeBlockFootnotes(options: { readonly numbering: FootnoteNumbering }) {
  return (tree: Root) => {
    const seen = new Map<string, number>()
    walkElements(tree, (element) => {
      if (element.tagName !== 'a' || element.properties.dataFootnoteRef === undefined) return
      const label = labelOf(String(element.properties.href ?? ''))
      const entry = label === undefined ? undefined : options.numbering.get(label)
      if (!label || !entry) return
      const count = (seen.get(label) ?? 0) + 1
      seen.set(label, count)
      const { number, before, pending } = entry
      const reuse = before + count
      const safeId = String(element.properties.href).slice(`#${clobberPrefix}fn-`.length)
      element.properties.id = `${clobberPrefix}fnref-${safeId}${reuse > 1 ? `-${reuse}` : ''}`
      element.children = [{ type: 'text', value: String(number) }]
      if (pending) {
        // Its definition is still to come: a pending superscript, pointing nowhere yet.
        delete element.properties.href
        element.properties.dataPending = 'true'
        element.properties.className = ['ras-pending-link']
      }
    })
    const index = tree.children.findIndex(isFootnoteSection)
    if (index !== -1) {
      const start = index > 0 && tree.children[index - 1]?.type === 'text' ? index - 1 : index
      tree.children.splice(start, index - start + 1)
    }
  }
}

function isFootnoteSection(node: Root['children'][number]): boolean {
  return node.type === 'element' && node.tagName === 'section' && node.properties.dataFootnotes !== undefined
}

/**
 * Keeps only the footnote section (the document's footnotes, rendered from a synthetic source).
 * The back-links of the definition still streaming (`open`, its label) are held, so its text grows
 * before the arrow.
 */
export function rehypeOnlyFootnotes(options: { readonly open?: string | undefined } = {}) {
  const open =
    options.open === undefined
      ? undefined
      : `${clobberPrefix}fn-${encodeURIComponent(options.open.toLowerCase())}`
  return (tree: Root) => {
    tree.children = tree.children.filter(isFootnoteSection)
    if (open === undefined) return
    walkElements(tree, (element) => {
      if (element.tagName !== 'li' || element.properties.id !== open) return
      walkElements(element, (inner) => {
        inner.children = inner.children.filter(
          (child) => !(child.type === 'element' && child.properties.dataFootnoteBackref !== undefined),
        )
      })
      element.children = element.children.filter(
        (child) => !(child.type === 'element' && child.properties.dataFootnoteBackref !== undefined),
      )
    })
  }
}
