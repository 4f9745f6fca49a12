import {
  type CSSProperties,
  memo,
  type ReactNode,
  type RefObject,
  useEffect,
  useLayoutEffect,
  useState,
} from 'react'
import type { HighlightToken } from '../../markdown/highlight/highlight.js'
import { extendsText } from '../../markdown/text.js'

/** One line of highlighted code: its coloured runs. */
export type HighlightedLine = readonly HighlightToken[]

/**
 * Lines per element while a fence streams. Chromium lays out a text node whole when it changes, so
 * a fence kept in one text node costs layout in proportion to its length on every token (about
 * 5 ms per update near the end of 50 KB). Settled lines in block elements of this many lines are
 * laid out once; an update lays out the tail (fewer lines than this) and nothing else.
 */
export const linesPerGroup = 32

/** The complete lines of a streaming code text (which always ends with a newline; the line before it may be partial). */
export function settledLines(code: string): string {
  const body = code.endsWith('\n') ? code.slice(0, -1) : code
  return body.slice(0, body.lastIndexOf('\n') + 1)
}

export interface LineGroups {
  /** The text of each full group, `linesPerGroup` lines each, newlines included. */
  readonly groups: readonly string[]
  /** Where the text after the groups (the tail) starts. */
  readonly end: number
}

/**
 * Cuts settled lines into groups incrementally: a text that extends the previous one only scans
 * the lines added since. Group strings stay the same objects, so memoised groups compare in O(1).
 */
export function createLineGrouper(size = linesPerGroup): { group(settled: string): LineGroups } {
  let groups: readonly string[] = []
  let covered = ''
  return {
    group(settled) {
      if (!extendsText(settled, covered)) {
        groups = []
        covered = ''
      }
      for (let start = covered.length; ; ) {
        let end = start
        for (let line = 0; line < size; line += 1) {
          const newline = settled.indexOf('\n', end)
          if (newline === -1) return { groups, end: covered.length }
          end = newline + 1
        }
        // A new array: a result handed out before (to a render React may still commit) never changes.
        groups = [...groups, settled.slice(start, end)]
        covered = settled.slice(0, end)
        start = end
      }
    },
  }
}

function tokenStyle(token: HighlightToken): CSSProperties | undefined {
  if (!token.color && !token.fontStyle) return undefined
  return {
    color: token.color,
    fontStyle: token.fontStyle === 'italic' ? 'italic' : undefined,
    fontWeight: token.fontStyle === 'bold' ? 'bold' : undefined,
    textDecoration: token.fontStyle === 'underline' ? 'underline' : undefined,
  }
}

/**
 * `text` with its first lines as coloured runs (one entry of `lines` per line, from line number
 * `firstLine`) and the rest as plain text.
 */
export function renderLines(text: string, lines: readonly HighlightedLine[], firstLine = 0): ReactNode[] {
  const nodes: ReactNode[] = []
  let offset = 0
  lines.forEach((line, index) => {
    line.forEach((token, tokenIndex) => {
      nodes.push(
        // biome-ignore lint/suspicious/noArrayIndexKey: lines only ever grow at the end
        <span key={`${firstLine + index}:${tokenIndex}`} style={tokenStyle(token)}>
          {token.content}
        </span>,
      )
    })
    const newline = text.indexOf('\n', offset)
    offset = newline === -1 ? text.length : newline + 1
    if (newline !== -1) nodes.push('\n')
  })
  if (offset < text.length) nodes.push(text.slice(offset))
  return nodes
}

interface LineGroupProps {
  readonly text: string
  /** Highlighted lines at the start of the group (all, some or none of them). */
  readonly lines: readonly HighlightedLine[]
  readonly firstLine: number
  readonly style: CSSProperties
}

const sameLines = (left: readonly HighlightedLine[], right: readonly HighlightedLine[]) =>
  left.length === right.length && left.every((line, index) => line === right[index])

/** Settled lines in one block element: rendered and laid out again only when their highlighting arrives. */
const LineGroup = /* @__PURE__ */ memo(
  function LineGroup({ text, lines, firstLine, style }: LineGroupProps) {
    return (
      <span className="ras-code-lines" style={style}>
        {renderLines(text, lines, firstLine)}
      </span>
    )
  },
  (previous, next) =>
    previous.text === next.text &&
    previous.firstLine === next.firstLine &&
    previous.style === next.style &&
    sameLines(previous.lines, next.lines),
)

/**
 * A streaming code text as its settled groups (one block element each) and the tail (plain or
 * highlighted inline nodes), so that an update renders and lays out only the tail.
 */
export function renderLineGroups(
  text: string,
  { groups, end }: LineGroups,
  lines: readonly HighlightedLine[],
  style: CSSProperties,
): ReactNode[] {
  const nodes: ReactNode[] = groups.map((group, index) => {
    const firstLine = index * linesPerGroup
    return (
      <LineGroup
        // biome-ignore lint/suspicious/noArrayIndexKey: groups only ever grow at the end
        key={`lines-${index}`}
        text={group}
        lines={lines.slice(firstLine, firstLine + linesPerGroup)}
        firstLine={firstLine}
        style={style}
      />
    )
  })
  const tailLine = groups.length * linesPerGroup
  nodes.push(...renderLines(text.slice(end), lines.slice(tailLine), tailLine))
  return nodes
}

const fontProperties = [
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'font-stretch',
  'line-height',
]
const inlineBoxProperties = [
  'padding-left',
  'padding-right',
  'border-left-width',
  'border-right-width',
  'margin-left',
  'margin-right',
]
const isZero = (value: string) => value === '' || Number.parseFloat(value) === 0

/**
 * The style of a group element, or undefined when groups would not look exactly like one text
 * node in this `pre`. A line inside a group is as tall as the code's font; a line of the plain
 * rendering is also at least as tall as the `pre`'s own font (its strut): the two agree only when
 * the code inherits the `pre`'s font and its inline box adds nothing at its edges.
 */
function groupStyle(pre: HTMLElement): CSSProperties | undefined {
  const code = pre.querySelector(':scope > code')
  if (!code) return undefined
  const preStyle = getComputedStyle(pre)
  const codeStyle = getComputedStyle(code)
  const display = codeStyle.getPropertyValue('display')
  const align = codeStyle.getPropertyValue('vertical-align')
  if (
    fontProperties.some((name) => preStyle.getPropertyValue(name) !== codeStyle.getPropertyValue(name)) ||
    inlineBoxProperties.some((name) => !isZero(codeStyle.getPropertyValue(name))) ||
    !isZero(preStyle.getPropertyValue('text-indent')) ||
    (display !== '' && display !== 'inline') ||
    (align !== '' && align !== 'baseline')
  ) {
    return undefined
  }
  const endPadding = preStyle.getPropertyValue('padding-inline-end')
  const scrolls = !['visible', 'clip', ''].includes(preStyle.getPropertyValue('overflow-x'))
  if (!scrolls || isZero(endPadding)) return { display: 'block' }
  // A scrolling pre reaches its end padding past its own longest line, but not past a block's: a
  // group as wide as its longest line plus that padding scrolls exactly as far. Wrapped lines
  // cannot widen the group that way, so they must never overflow (long words break).
  if (!['pre', 'nowrap'].includes(codeStyle.getPropertyValue('white-space'))) {
    const breaks =
      ['anywhere', 'break-word'].includes(codeStyle.getPropertyValue('overflow-wrap')) ||
      ['break-all', 'break-word'].includes(codeStyle.getPropertyValue('word-break'))
    return breaks ? { display: 'block' } : undefined
  }
  return { display: 'block', inlineSize: 'max-content', paddingInlineEnd: endPadding }
}

// A layout effect on the server only warns (React 18): there it never runs either way.
const useBeforePaint = typeof document === 'undefined' ? useEffect : useLayoutEffect

/**
 * How a streaming `pre` may render its lines in groups: undefined until its styles were checked
 * (it renders as one text node until then) or when the check found they would not look the same.
 */
export function useLineGroupStyle(
  preRef: RefObject<HTMLPreElement | null>,
  streaming: boolean,
): CSSProperties | undefined {
  const [checked, setChecked] = useState<{ style: CSSProperties | undefined } | undefined>(undefined)
  useBeforePaint(() => {
    const pre = preRef.current
    if (!streaming || checked || !pre) return
    // Once per block, before the first paint: only computed styles are read, no layout.
    setChecked({ style: groupStyle(pre) })
  }, [preRef, streaming, checked])
  return streaming ? checked?.style : undefined
}
