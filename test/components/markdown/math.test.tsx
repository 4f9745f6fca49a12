import { readFileSync } from 'node:fs'
import { render } from '@testing-library/react'
import { StreamingMarkdown } from 'react-agent-stream'
import rehypeKatex from 'rehype-katex'
import remarkMath from 'remark-math'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { canonicalFromString, chunkEnds, oneShotHtml, renderedHtml } from '../streaming-markdown.helpers.js'

const math = { remarkPlugins: [remarkMath], rehypePlugins: [rehypeKatex] }

const fixtures: [string, string][] = [
  ['math/katex-answer.md', readFileSync('test/fixtures/math/katex-answer.md', 'utf8')],
  ['markdown/math-answer.md', readFileSync('test/fixtures/markdown/math-answer.md', 'utf8')],
]

/** A one-shot react-markdown + remark-gfm + remark-math + rehype-katex render under the same pipeline. */
const oneShotMathHtml = (text: string) => oneShotHtml(text, {}, math)

/** What a reader sees: KaTeX's MathML copy is for screen readers only, so it is left out. */
function seenText(root: Element): string {
  const copy = root.cloneNode(true) as Element
  for (const hidden of copy.querySelectorAll('.katex-mathml')) hidden.remove()
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim()
}

function wrongFrames(text: string): { frames: number; wrong: string[] } {
  const { container, rerender, unmount } = render(<StreamingMarkdown content={text} math={math} />)
  const root = container.firstElementChild as HTMLElement
  const final = seenText(root)
  const wrong: string[] = []
  const ends = chunkEnds(text.length, 3)
  for (const end of ends) {
    rerender(<StreamingMarkdown content={text.slice(0, end)} streaming math={math} />)
    if (!final.startsWith(seenText(root))) wrong.push(text.slice(Math.max(0, end - 24), end))
  }
  unmount()
  return { frames: ends.length, wrong }
}

describe('StreamingMarkdown with remark-math and rehype-katex', () => {
  beforeEach(() => {
    // KaTeX warns about the em dash remark-math pulls into the "$5 ... $10" formula.
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  })

  it.each(fixtures)(
    'streams %s in 2-8 character chunks and ends equal to a one-shot render',
    { timeout: 60_000 },
    (_name, text) => {
      const { container, rerender } = render(<StreamingMarkdown content="" streaming math={math} />)
      for (const end of chunkEnds(text.length, text.length)) {
        rerender(<StreamingMarkdown content={text.slice(0, end)} streaming math={math} />)
      }
      rerender(<StreamingMarkdown content={text} math={math} />)
      expect(renderedHtml(container.firstElementChild)).toBe(canonicalFromString(oneShotMathHtml(text)))
    },
  )

  it('keeps KaTeX layout styles and the MathML copy through the safety pass', () => {
    const { container } = render(
      <StreamingMarkdown content={'Inline $x^2$ and\n\n$$\n\\frac{a}{b}\n$$\n'} math={math} />,
    )
    expect(container.querySelectorAll('span.katex')).toHaveLength(2)
    expect(container.querySelector('.katex-display math[display="block"]')).not.toBeNull()
    expect(container.querySelector('math annotation[encoding="application/x-tex"]')?.textContent).toBe('x^2')
    const strut = container.querySelector<HTMLElement>('.katex-html .strut')
    expect(strut?.style.height).toMatch(/em$/)
    expect(container.querySelector('.katex-html')?.getAttribute('aria-hidden')).toBe('true')
  })

  it('still shows raw HTML inside a formula paragraph as text', () => {
    const { container } = render(
      <StreamingMarkdown
        content={'$x$ <img src=x onerror=alert(1)> <b style="color:red">b</b>'}
        math={math}
      />,
    )
    expect(container.querySelector('img')).toBeNull()
    expect(container.querySelector('b')).toBeNull()
    expect(container.textContent).toContain('<b style="color:red">')
  })

  it('never shows a raw $ or half a formula that later disappears (math fixture: no wrong frames)', {
    timeout: 60_000,
  }, () => {
    const [, text] = fixtures[0] as [string, string]
    const { frames, wrong } = wrongFrames(text)
    expect(frames).toBeGreaterThan(150)
    expect(wrong).toEqual([])
  })

  it('shows wrong frames only where remark-math pairs two prices into a formula ($5 ... $10)', {
    timeout: 60_000,
  }, () => {
    const [, text] = fixtures[1] as [string, string]
    const { frames, wrong } = wrongFrames(text)
    // "$5 of compute on a GPU" is shown as the price it is; remark-math then pairs that `$` with
    // the one of the next price ("$5 and $10") and renders the sentence between as TeX. This is
    // remark-math's single-dollar rule (`singleDollarTextMath: false` avoids it): 11 of 231 frames.
    expect(wrong.length / frames).toBeLessThan(0.06)
    for (const frame of wrong) expect(frame).toMatch(/\$5 |compute|GPU|kidding|flops|Note|prices/)
  })

  it('puts the caret after a formula, never inside KaTeX boxes', () => {
    const { container } = render(
      <StreamingMarkdown content={'The area is $\\pi r^2$'} streaming math={math} />,
    )
    const caret = container.querySelector('[data-caret]')
    expect(caret).not.toBeNull()
    expect(caret?.closest('.katex')).toBeNull()
    expect(caret?.previousElementSibling?.classList.contains('katex')).toBe(true)
  })
})
