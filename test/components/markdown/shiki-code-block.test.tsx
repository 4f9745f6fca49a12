import { readFileSync } from 'node:fs'
import { act, render, waitFor } from '@testing-library/react'
import { StreamingMarkdown } from 'react-agent-stream'
import { createShikiHighlighter } from 'react-agent-stream/shiki'
import { describe, expect, it } from 'vitest'
import { chunkEnds } from '../streaming-markdown.helpers.js'

// A template literal and a block comment that span lines, so a wrong continuation state shows.
const typescript = readFileSync('test/fixtures/code/multiline-state.ts.txt', 'utf8')

describe('StreamingMarkdown with the Shiki highlighter', () => {
  const answer = `Here is the helper:

\`\`\`ts
${typescript}\`\`\`

It adds **two** numbers.
`

  it('streams a fenced block to highlighted spans with the same text as without a highlighter', async () => {
    const highlighter = createShikiHighlighter()
    const { container, rerender } = render(
      <StreamingMarkdown content="" streaming highlighter={highlighter} />,
    )
    for (const end of chunkEnds(answer.length, 7)) {
      await act(async () => {
        rerender(<StreamingMarkdown content={answer.slice(0, end)} streaming highlighter={highlighter} />)
      })
    }
    await act(async () => {
      rerender(<StreamingMarkdown content={answer} highlighter={highlighter} />)
    })
    await waitFor(() => {
      const code = container.querySelector('code[data-highlighted]')
      expect(code?.textContent).toBe(typescript)
    })
    const code = container.querySelector('code[data-highlighted]') as HTMLElement
    const coloured = [...code.querySelectorAll<HTMLElement>('span[style]')]
    expect(coloured.length).toBeGreaterThan(10)
    expect(coloured.some((span) => span.style.color.startsWith('light-dark('))).toBe(true)

    const plain = render(<StreamingMarkdown content={answer} />)
    expect(container.textContent).toBe(plain.container.textContent)
  })
})
