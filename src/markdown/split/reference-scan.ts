// Finds the reference links and footnote calls of one block without parsing it: brackets outside
// code (fences, indented code, code spans), escapes and autolinks. What it reports is what the
// planner needs before the definitions arrive; micromark still decides what each bracket is.
// Linear: every backtick search either consumes what it scanned or marks that length as absent.

import { isBlankLine, matchFenceOpener, measureIndent, normalizeLabel } from '../line-syntax.js'

/** How a reference names its definition: `[text][label]`, `[label][]` or `[label]`. */
export type ReferenceForm = 'full' | 'collapsed' | 'shortcut'

/** One reference link or image in a block. */
export interface ReferenceUse {
  /** Normalised label (`normalizeLabel`). */
  readonly label: string
  readonly form: ReferenceForm
  /** A letter or digit stands right before the `[` (`arr[0]`, `m[i][j]`): far more often literal brackets. */
  readonly attached: boolean
}

export interface ReferenceScan {
  /** Reference links and images, in order. */
  readonly references: readonly ReferenceUse[]
  /** Normalised labels of footnote calls (`[^label]`), in order, with repeats. */
  readonly footnotes: readonly string[]
  /** Complete bracket pairs that are links for sure: inline links, and full or collapsed references not `attached`. */
  readonly links: number
  /** Complete bracket pairs that stay text: `attached` references and bracketed data (`["a", "b"]`). */
  readonly literals: number
}

const containerPrefix = /^[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?/
const wordBefore = /[\p{L}\p{N}]/u
const autolink = /^<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>/
/** Bracketed text that is a task-list marker or a GitHub alert (`[!NOTE]`): neither a reference nor literal text. */
const markerLabel = /^(?:[ xX]?|!.*)$/s
/** Bracketed data (`["a", "b"]`, `[1, 2]`): literal text, not a reference. */
const dataLabel = /["',]/

/** Splits a block into inline runs (paragraph text), leaving out fenced and indented code. */
function inlineRuns(text: string): string[] {
  const runs: string[] = []
  let current: string[] = []
  let fence: { marker: '`' | '~'; length: number } | undefined
  let indentedCode = false
  const container = /^[ \t]*(?:[>*+-]|\d{1,9}[.)])/.test(text)
  const flush = () => {
    if (current.length > 0) runs.push(current.join('\n'))
    current = []
  }
  for (const line of text.split('\n')) {
    const content = line.slice(containerPrefix.exec(line)?.[0].length ?? 0)
    if (fence) {
      const closer = content.trimEnd()
      if (closer.length >= fence.length && [...closer].every((char) => char === fence?.marker))
        fence = undefined
      continue
    }
    const opener = matchFenceOpener(content)
    if (opener && opener.indent <= 3) {
      flush()
      fence = { marker: opener.marker, length: opener.length }
      continue
    }
    if (isBlankLine(line)) {
      flush()
      continue
    }
    // Indented code starts after a blank line (or at the block's start) outside lists and quotes.
    const indented = !container && measureIndent(line).columns >= 4
    if (indented && (current.length === 0 || indentedCode)) {
      indentedCode = true
      continue
    }
    indentedCode = false
    current.push(line)
  }
  flush()
  return runs
}

function runLength(text: string, start: number, char: string): number {
  let end = start
  while (text[end] === char) end += 1
  return end - start
}

/** Scans the reference links and footnote calls of a block's text. */
export function scanReferences(text: string): ReferenceScan {
  const references: ReferenceUse[] = []
  const footnotes: string[] = []
  let links = 0
  let literals = 0
  const runs = inlineRuns(text)
  // A `]` that is the last character of the text is undecided: what follows it is still streaming.
  const openEnd = /\n[ \t]*$/.test(text) ? -1 : runs.length - 1
  for (const [runIndex, run] of runs.entries()) {
    const openers: { position: number; image: boolean }[] = []
    /** Backtick run lengths with no further run of that length in this paragraph. */
    const absent = new Set<number>()
    let index = 0
    while (index < run.length) {
      const char = run[index]
      if (char === '\\') {
        index += 2
        continue
      }
      if (char === '`') {
        const length = runLength(run, index, '`')
        let close = -1
        if (!absent.has(length)) {
          for (let at = run.indexOf('`', index + length); at !== -1; ) {
            const found = runLength(run, at, '`')
            if (found === length) {
              close = at
              break
            }
            at = run.indexOf('`', at + found)
          }
          if (close === -1) absent.add(length)
        }
        // At the streaming end, an open code span runs to the end, as the tail repair closes it.
        if (close === -1 && runIndex === openEnd && length < 3) break
        index = close === -1 ? index + length : close + length
        continue
      }
      if (char === '<') {
        const match = autolink.exec(run.slice(index, index + 2048))
        index += match ? match[0].length : 1
        continue
      }
      if (char === '!' && run[index + 1] === '[') {
        openers.push({ position: index + 1, image: true })
        index += 2
        continue
      }
      if (char === '[') {
        if (run[index + 1] === '^') {
          const close = run.indexOf(']', index + 2)
          const label = close === -1 ? '' : run.slice(index + 2, close)
          const definition = (index === 0 || run[index - 1] === '\n') && run[close + 1] === ':'
          if (label && !/[\s[\\]/.test(label) && label.length <= 999) {
            if (!definition) footnotes.push(normalizeLabel(label))
            index = close + 1
            continue
          }
        }
        openers.push({ position: index, image: false })
        index += 1
        continue
      }
      if (char !== ']') {
        index += 1
        continue
      }
      const opener = openers.pop()
      if (!opener) {
        index += 1
        continue
      }
      const inner = run.slice(opener.position + 1, index)
      const attached = opener.position > 0 && wordBefore.test(run[opener.position - 1] ?? '')
      const next = run[index + 1]
      if (next === undefined && runIndex === openEnd) break
      const ends = (use: ReferenceUse | 'inline', at: number) => {
        if (use !== 'inline') references.push(use)
        if (use !== 'inline' && use.attached) literals += 1
        else links += 1
        // Links do not nest: the brackets around a link are plain text.
        if (!opener.image) openers.length = 0
        index = at
      }
      if (next === '(') {
        ends('inline', index + 1)
        continue
      }
      if (next === '[') {
        const close = run.indexOf(']', index + 2)
        const label = close === -1 ? '' : run.slice(index + 2, close)
        if (close === -1 && runIndex === openEnd) break
        if (close !== -1 && !label.includes('[') && label.length <= 999) {
          const collapsed = label.trim() === ''
          ends(
            {
              label: normalizeLabel(collapsed ? inner : label),
              form: collapsed ? 'collapsed' : 'full',
              attached,
            },
            close + 1,
          )
          continue
        }
      }
      // A shortcut inside other brackets is far more often literal text in a link's text
      // (`[f(a, [options])](#f)`): it leaves the brackets around it open and decides nothing.
      const label = normalizeLabel(inner)
      const valid = label.length > 0 && inner.length <= 999 && !/(?:^|[^\\])[[\]]/.test(inner)
      if (openers.length === 0 && valid && !markerLabel.test(label)) {
        if (dataLabel.test(label)) literals += 1
        else {
          references.push({ label, form: 'shortcut', attached })
          if (attached) literals += 1
        }
      }
      index += 1
    }
  }
  return { references, footnotes, links, literals }
}
