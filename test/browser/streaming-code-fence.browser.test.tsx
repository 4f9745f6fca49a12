import { cleanup, render } from '@testing-library/react'
import axe from 'axe-core'
import { StreamingMarkdown } from 'react-agent-stream'
import { afterEach, describe, expect, it } from 'vitest'
import { userEvent } from 'vitest/browser'
import theme from '../../src/styles.css?raw'
import { chunkEnds } from '../helpers/chunk-ends.js'

/** Code with long lines (the pre scrolls sideways), empty lines and tabs. */
function codeLines(count: number, long = true): string {
  let code = ''
  for (let line = 0; line < count; line += 1) {
    if (line % 11 === 5) code += '\n'
    else if (long && line % 13 === 7) code += `const long${line} = '${'x'.repeat(160 + line)}'\n`
    else code += `\tvalue += ${line} * factor // ${'-'.repeat(line % 17)}\n`
  }
  return code
}

const code = codeLines(150)
/** The fence still open, ending mid-line, and the same code closed. */
const streamingText = `Here:\n\n\`\`\`ts\n${code}const last`
const finalText = `Here:\n\n\`\`\`ts\n${code}const last\n\`\`\`\n`

function Frame({ children, root }: { children: React.ReactNode; root: boolean }) {
  return (
    <div className={root ? 'ras-root' : undefined} style={{ width: 480 }}>
      {children}
    </div>
  )
}

/** Streams the open fence in chunks (caret off, so both renders hold the same text) and renders it final next to it. */
function renderBoth(root: boolean) {
  const view = (end: number) => (
    <Frame root={root}>
      <StreamingMarkdown content={streamingText.slice(0, end)} streaming caret={false} />
    </Frame>
  )
  const streaming = render(view(1))
  for (const end of chunkEnds(streamingText.length, 17).filter((_, index) => index % 40 === 0)) {
    streaming.rerender(view(end))
  }
  streaming.rerender(view(streamingText.length))
  const final = render(
    <Frame root={root}>
      <StreamingMarkdown content={finalText} />
    </Frame>,
  )
  const preOf = (container: HTMLElement) => container.querySelector('pre') as HTMLPreElement
  return { streaming: preOf(streaming.container), final: preOf(final.container) }
}

/** Size, scroll extent, and where the first character of every line sits in the pre. */
function geometry(pre: HTMLPreElement) {
  const box = pre.getBoundingClientRect()
  const positions: string[] = []
  const walker = document.createTreeWalker(pre.querySelector('code') as Node, NodeFilter.SHOW_TEXT)
  let lineStart = true
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? ''
    for (let index = 0; index < text.length; index += 1) {
      if (lineStart && text[index] !== '\n') {
        const range = document.createRange()
        range.setStart(node, index)
        range.setEnd(node, index + 1)
        const rect = range.getBoundingClientRect()
        positions.push(`${rect.top - box.top},${rect.left - box.left},${rect.height}`)
      }
      lineStart = text[index] === '\n'
    }
  }
  return {
    size: [box.width, box.height, pre.scrollWidth, pre.scrollHeight],
    positions,
  }
}

const groupsOf = (pre: HTMLPreElement) => pre.querySelectorAll('code > .ras-code-lines').length

function addStyle(css: string): HTMLStyleElement {
  const style = document.createElement('style')
  style.textContent = css
  document.head.append(style)
  return style
}

/** The text node and offset of the `offset`-th character of `code`'s text. */
function pointAt(element: Element, offset: number): [Node, number] {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
  let left = offset
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.textContent?.length ?? 0
    if (left <= length) return [node, left]
    left -= length
  }
  throw new Error(`offset ${offset} is past the text`)
}

let styles: HTMLStyleElement[] = []
afterEach(() => {
  cleanup()
  for (const style of styles) style.remove()
  styles = []
  getSelection()?.removeAllRanges()
})

const wrap = '.ras-markdown pre { white-space: pre-wrap }'

describe('a streaming code fence in line groups, in real Chromium', () => {
  const pages: [string, boolean, string[], boolean][] = [
    ["the browser's own styles", false, [], true],
    ["the kit's theme", true, [theme], true],
    [
      "the kit's theme, wrapping long lines",
      true,
      [theme, wrap, '.ras-markdown pre { overflow-wrap: anywhere }'],
      true,
    ],
    ['a page with tall lines and wide padding', false, ['pre { line-height: 1.7; padding: 8px 40px }'], true],
    [
      'the same page, scrolling',
      false,
      ['pre { line-height: 1.7; padding: 8px 40px; overflow: auto }'],
      true,
    ],
    // A long word would overflow a wrapping pre, where a group cannot add the pre's end padding.
    ["the kit's theme, wrapping lines but not long words", true, [theme, wrap], false],
    // The code's own font would make a group's lines shorter than the pre's: no groups then.
    ['a page with a smaller font for code', false, ['code { font-size: 0.85em }'], false],
    ['a page with padding around code', false, ['code { padding: 0 6px }'], false],
  ]

  it.each(pages)('lays out the same as the final pre under %s', (_name, root, css, grouped) => {
    styles = css.map(addStyle)
    const { streaming, final } = renderBoth(root)
    expect(groupsOf(streaming) > 0).toBe(grouped)
    expect(groupsOf(final)).toBe(0)
    const [ours, expected] = [geometry(streaming), geometry(final)]
    expect(ours.positions.length).toBeGreaterThan(130)
    expect(ours.size).toEqual(expected.size)
    expect(ours.positions).toEqual(expected.positions)
    // Scrolled all the way right, it shows the same.
    streaming.scrollLeft = final.scrollLeft = 100_000
    expect(streaming.scrollLeft).toBe(final.scrollLeft)
  })

  it('copies exactly the selected code across groups', async () => {
    styles = [addStyle(theme)]
    const { streaming } = renderBoth(true)
    expect(groupsOf(streaming)).toBeGreaterThan(3)
    const element = streaming.querySelector('code') as HTMLElement
    const text = element.textContent ?? ''
    // From the middle of the first group into the tail after the last one.
    const [from, to] = [17, text.length - 4]
    const range = document.createRange()
    range.setStart(...pointAt(element, from))
    range.setEnd(...pointAt(element, to))
    getSelection()?.removeAllRanges()
    getSelection()?.addRange(range)
    expect(getSelection()?.toString()).toBe(text.slice(from, to))

    await userEvent.copy()
    const target = document.createElement('textarea')
    document.body.append(target)
    try {
      target.focus()
      await userEvent.paste()
      expect(target.value).toBe(text.slice(from, to))
      expect(target.value.split('\n').length).toBeGreaterThan(140)
    } finally {
      target.remove()
    }
  })

  it('passes axe while streaming, and has no issue the final render does not have', async () => {
    styles = [addStyle(theme)]
    const short = `\`\`\`ts\n${codeLines(120, false)}const last`
    const { container, rerender } = render(
      <Frame root>
        <StreamingMarkdown content={short.slice(0, 40)} streaming />
      </Frame>,
    )
    rerender(
      <Frame root>
        <StreamingMarkdown content={short} streaming />
      </Frame>,
    )
    expect(groupsOf(container.querySelector('pre') as HTMLPreElement)).toBeGreaterThan(2)
    const results = await axe.run(container)
    expect(results.violations.map((violation) => violation.id)).toEqual([])

    // Long lines: the pre scrolls sideways, which axe asks to be focusable, streaming or not.
    const { streaming, final } = renderBoth(true)
    const idsOf = async (pre: HTMLPreElement) =>
      (await axe.run(pre.closest('.ras-markdown') as Element)).violations.map((violation) => violation.id)
    expect(await idsOf(streaming)).toEqual(await idsOf(final))
  })
})
