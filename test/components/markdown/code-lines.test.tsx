import { act, fireEvent, render, screen } from '@testing-library/react'
import { StrictMode } from 'react'
import { StreamingMarkdown } from 'react-agent-stream'
import { describe, expect, it, vi } from 'vitest'
import { createLineGrouper, linesPerGroup } from '../../../src/components/markdown/code-lines.js'
import type { CodeHighlighter } from '../../../src/markdown/highlight/highlight.js'
import { chunkEnds, streamAndCompare } from '../streaming-markdown.helpers.js'

/** `count` lines of code, some long, some empty, some with fence-like and markdown-like text. */
function codeLines(count: number): string {
  let code = ''
  for (let line = 0; line < count; line += 1) {
    if (line % 11 === 5) code += '\n'
    else if (line % 13 === 7) code += `  const long${line} = '${'x'.repeat(300)}' // **not bold**\n`
    else code += `  value += ${line} * factor\t// ~~~ \`\`\` <b>${line}</b>\n`
  }
  return code
}

const groupsIn = (element: Element) => [...element.querySelectorAll('pre > code > .ras-code-lines')]

/** The code text the open fence shows at `content`: the lines after the opener, ending in one newline. */
function fenceText(content: string): string {
  const body = content.slice(content.indexOf('\n', content.indexOf('```')) + 1)
  return body === '' ? '' : `${body.replace(/\n$/, '')}\n`
}

/**
 * Streams `content` (ending inside a fence whose code is `code`) and checks on every update that
 * the groups present before are the very same elements, each holding exactly its lines of `code`,
 * and that the whole code text is a prefix of `code`. Returns the last update's groups.
 */
function streamKeepingGroups(content: string, code: string): { groups: Element[]; checked: number } {
  const lines = code.split('\n')
  const { container, rerender, unmount } = render(<StreamingMarkdown content="" streaming />)
  let kept: Element[] = []
  let checked = 0
  for (const end of chunkEnds(content.length, 3)) {
    rerender(<StreamingMarkdown content={content.slice(0, end)} streaming />)
    const text = container.querySelector('pre > code')?.textContent
    if (text === undefined) continue
    expect(code.startsWith(text.slice(0, -1))).toBe(true)
    const groups = groupsIn(container)
    kept.forEach((group, index) => {
      expect(groups[index]).toBe(group)
    })
    checked += kept.length
    groups.forEach((group, index) => {
      const own = lines.slice(index * linesPerGroup, (index + 1) * linesPerGroup)
      expect(group.textContent).toBe(`${own.join('\n')}\n`)
    })
    kept = groups
  }
  unmount()
  return { groups: kept, checked }
}

describe('a streaming code fence in line groups', () => {
  it('keeps settled groups as the same elements while the fence grows, and the code text exact', () => {
    const content = `Here it is:\n\n\`\`\`ts\n${codeLines(130)}`
    const { container, rerender } = render(<StreamingMarkdown content="" streaming />)
    for (const end of chunkEnds(content.length, 3)) {
      const prefix = content.slice(0, end)
      rerender(<StreamingMarkdown content={prefix} streaming />)
      const code = container.querySelector('pre > code')
      // Every update: exactly the code text (no newline lost or added around the groups).
      if (code) expect(code.textContent).toBe(fenceText(prefix))
    }
    // 130 lines: four full groups settled; the last line is still open, so the tail holds the rest.
    expect(groupsIn(container)).toHaveLength(Math.floor(129 / linesPerGroup))
    const tail = container.querySelector('pre > code')?.lastChild
    expect((tail as Element).className).toBe('ras-caret')

    rerender(<StreamingMarkdown content={`${content}\`\`\`\n`} />)
    expect(groupsIn(container)).toHaveLength(0)
    expect(container.querySelector('pre > code')?.childNodes).toHaveLength(1)
    expect(container.querySelector('pre > code')?.textContent).toBe(codeLines(130))

    const { groups, checked } = streamKeepingGroups(content, codeLines(130))
    expect(groups).toHaveLength(Math.floor(129 / linesPerGroup))
    expect(checked).toBeGreaterThan(1000)
  })

  it('keeps the groups of a fence inside a list or a blockquote, and of indented code, too', () => {
    const code = codeLines(80)
    // Without markdown punctuation: the repair closes a half `**` or inline code span in indented
    // code as in a paragraph (a wrong frame, not the groups' concern).
    const plain = code.replace(/[`*~<>]/g, '-')
    for (const [content, text] of [
      [`- item\n\n  \`\`\`js\n${code.replace(/^(?=.)/gm, '  ')}`, code],
      [`Indented:\n\n${plain.replace(/^(?=.)/gm, '    ')}`, plain],
      // Ends inside the last line, as a stream does between two newlines.
      [`> \`\`\`js\n${code.replace(/^/gm, '> ').slice(0, -3)}`, code],
    ] as const) {
      const { groups, checked } = streamKeepingGroups(content, text)
      expect(groups).toHaveLength(2)
      expect(checked).toBeGreaterThan(100)
    }
  })

  it('ends equal to a one-shot react-markdown render, at the top level, in a list and in a blockquote', () => {
    const code = codeLines(70)
    const indented = code.replace(/^(?=.)/gm, '   ')
    const quoted = code.replace(/^/gm, '> ')
    for (const text of [
      `\`\`\`ts\n${code}\`\`\`\n\nAfter.\n`,
      `1. Step:\n\n   \`\`\`ts\n${indented}   \`\`\`\n2. Next\n`,
      `> \`\`\`ts\n${quoted}> \`\`\`\n`,
      `\`\`\`\n${code}`,
    ]) {
      const { ours, oneShot } = streamAndCompare(text)
      expect(ours).toBe(oneShot)
    }
  })

  it('copies exactly the code with the Copy button while the lines are in groups', async () => {
    const writeText = vi.fn(() => Promise.resolve())
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    const content = `\`\`\`ts\n${codeLines(100)}const last`
    render(<StreamingMarkdown content={content} streaming />)
    expect(groupsIn(document.body)).toHaveLength(3)
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy' }))
    })
    expect(writeText).toHaveBeenCalledWith(`${codeLines(100)}const last\n`)
  })

  it('streams the same under StrictMode', () => {
    const content = `\`\`\`ts\n${codeLines(100)}`
    const view = (end: number) => (
      <StrictMode>
        <StreamingMarkdown content={content.slice(0, end)} streaming />
      </StrictMode>
    )
    const { container, rerender } = render(view(1))
    let first: Element | undefined
    for (const end of chunkEnds(content.length, 9)) {
      rerender(view(end))
      first ??= groupsIn(container)[0]
      const code = container.querySelector('pre > code')
      if (code) expect(code.textContent).toBe(fenceText(content.slice(0, end)))
    }
    expect(first).toBeDefined()
    expect(groupsIn(container)[0]).toBe(first)
    expect(groupsIn(container)).toHaveLength(3)
  })

  it('keeps highlighted groups as they are while later lines arrive', async () => {
    const highlighter: CodeHighlighter = {
      tokenize: async (code) => {
        const lines = code.replace(/\n$/, '').split('\n')
        return { lines: lines.map((line) => [{ content: line, color: '#cf222e' }]), state: undefined }
      },
    }
    const code = codeLines(150)
    const content = `\`\`\`ts\n${code}`
    const view = (end: number) => (
      <StreamingMarkdown content={content.slice(0, end)} streaming highlighter={highlighter} />
    )
    const { container, rerender } = render(view(1))
    const ends = chunkEnds(content.length, 5)
    const half = Math.floor(ends.length / 2)
    for (const end of ends.slice(0, half)) {
      await act(async () => rerender(view(end)))
    }
    const before = groupsIn(container)
    expect(before.length).toBeGreaterThan(1)
    expect(before[0]?.querySelectorAll('span[style]').length).toBeGreaterThan(20)
    const spans = [...(before[0]?.childNodes ?? [])]
    for (const end of ends.slice(half)) {
      await act(async () => rerender(view(end)))
    }
    const after = groupsIn(container)
    expect(after.length).toBeGreaterThan(before.length)
    before.forEach((group, index) => {
      expect(after[index]).toBe(group)
    })
    expect([...(after[0]?.childNodes ?? [])]).toEqual(spans)
    expect(container.querySelector('code[data-highlighted]')?.textContent).toBe(fenceText(content))
  })

  it('renders the fence as one text node when the code does not use the pre font (lines would differ in height)', () => {
    const style = document.createElement('style')
    style.textContent = 'code { font-size: 0.85em }'
    document.head.append(style)
    try {
      const content = `\`\`\`ts\n${codeLines(100)}`
      const { container } = render(<StreamingMarkdown content={content} streaming />)
      expect(groupsIn(container)).toHaveLength(0)
      expect(container.querySelector('pre > code')?.firstChild?.nodeType).toBe(Node.TEXT_NODE)
      expect(container.querySelector('pre > code')?.textContent).toBe(fenceText(content))
    } finally {
      style.remove()
    }
  })
})

describe('createLineGrouper', () => {
  it('reuses the groups of a text it extends and starts over on any other text', () => {
    const grouper = createLineGrouper(2)
    const first = grouper.group('a\nb\nc\n')
    expect(first).toEqual({ groups: ['a\nb\n'], end: 4 })
    const second = grouper.group('a\nb\nc\nd\ne\n')
    expect(second.groups).toEqual(['a\nb\n', 'c\nd\n'])
    expect(second.groups[0]).toBe(first.groups[0])
    // The earlier result is not changed by the later call.
    expect(first.groups).toHaveLength(1)
    expect(grouper.group('x\ny\n')).toEqual({ groups: ['x\ny\n'], end: 4 })
    expect(grouper.group('')).toEqual({ groups: [], end: 0 })
  })
})
