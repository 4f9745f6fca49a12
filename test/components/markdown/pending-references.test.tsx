// References and footnotes whose definitions come later (README-style documents define them at the
// end): while streaming they render as what they will become, and the final render falls back to
// CommonMark's literal text for any that never arrive.
import { render } from '@testing-library/react'
import { StreamingMarkdown } from 'react-agent-stream'
import { describe, expect, it, vi } from 'vitest'
import {
  canonicalFromString,
  chunkEnds,
  oneShotHtml,
  renderedHtml,
  visibleText,
} from '../streaming-markdown.helpers.js'

/** Streams `text` into one StreamingMarkdown; `check` sees the root after each update. */
function streamText(text: string, check: (root: HTMLElement, end: number) => void = () => {}) {
  const view = render(<StreamingMarkdown content="" streaming />)
  const root = view.container.firstElementChild as HTMLElement
  for (const end of chunkEnds(text.length, 3)) {
    view.rerender(<StreamingMarkdown content={text.slice(0, end)} streaming />)
    check(root, end)
  }
  return { root, view }
}

function finish(text: string, view: ReturnType<typeof render>): string {
  view.rerender(<StreamingMarkdown content={text} />)
  return renderedHtml(view.container.firstElementChild)
}

const readme = [
  'Tidewater moves rows [between databases][feeds], written in [Rust][], for [Linux].',
  'More body text that streams before the definitions.',
  '[feeds]: https://docs.example.org/feeds\n[rust]: https://www.rust-lang.org\n[linux]: https://kernel.org\n',
].join('\n\n')

describe('StreamingMarkdown: references defined later', () => {
  it('renders full, collapsed and shortcut references as pending links, then as the links', () => {
    const body = readme.slice(0, readme.indexOf('[feeds]:'))
    const { root, view } = streamText(body)
    const pending = [...root.querySelectorAll('a.ras-pending-link')]
    expect(pending.map((link) => link.textContent)).toEqual(['between databases', 'Rust', 'Linux'])
    expect(
      pending.every((link) => !link.hasAttribute('href') && link.getAttribute('data-pending') === 'true'),
    ).toBe(true)
    expect(visibleText(root)).not.toContain('[')
    view.rerender(<StreamingMarkdown content={readme} streaming />)
    expect([...root.querySelectorAll('a')].map((link) => link.getAttribute('href'))).toEqual([
      'https://docs.example.org/feeds',
      'https://www.rust-lang.org',
      'https://kernel.org',
    ])
    expect(root.querySelector('.ras-pending-link')).toBeNull()
    expect(finish(readme, view)).toBe(canonicalFromString(oneShotHtml(readme)))
  })

  it('falls back to the literal text of CommonMark for references never defined when the stream ends', () => {
    const text = 'See [the guide][guide] and [Rust][] here.\n\nThe end.'
    const { root, view } = streamText(text)
    expect(visibleText(root)).toBe('See the guide and Rust here. The end.')
    expect(finish(text, view)).toBe(canonicalFromString(oneShotHtml(text)))
    expect(visibleText(view.container)).toBe('See [the guide][guide] and [Rust][] here. The end.')
  })

  it('reads a shortcut as a reference only once the document has shown it writes references', () => {
    const text = 'As written [sic], see [4.2.0].\n\nThen [the docs][d] and [semver] and [#12].'
    const { root, view } = streamText(text)
    // Before the first full reference, brackets are text, and stay text when references appear later.
    expect(visibleText(root)).toBe('As written [sic], see [4.2.0]. Then the docs and semver and #12.')
    expect(finish(text, view)).toBe(canonicalFromString(oneShotHtml(text)))
  })

  it('takes an issue or user shortcut as a sign the document writes references', () => {
    const { root } = streamText('* [#773]: Add exports, by [@manzt].\n\n## [4.1.0] / 2020\n\nMore.')
    expect([...root.querySelectorAll('.ras-pending-link')].map((link) => link.textContent)).toEqual([
      '#773',
      '@manzt',
      '4.1.0',
    ])
  })

  it('never makes indexes, data or checkboxes of a chat answer into links', () => {
    const text =
      'Read arr[0] and m[i][j], a pair [key, value], ["a", "b"], [x] and [1].\n\n- [x] done\n- [ ] todo\n'
    const frames: string[] = []
    const { root, view } = streamText(text, (current) => frames.push(visibleText(current)))
    expect(root.querySelector('a')).toBeNull()
    const final = finish(text, view)
    expect(final).toBe(canonicalFromString(oneShotHtml(text)))
    const finalText = visibleText(view.container)
    expect(frames.filter((frame) => !finalText.startsWith(frame))).toEqual([])
  })

  it('shows a reference image as the placeholder it will become, disabled until its URL arrives', () => {
    const text =
      '[![CI][ci-badge]][ci]\n\nBody.\n\n[ci-badge]: https://ci.example.org/badge.svg\n[ci]: https://ci.example.org\n'
    const { root, view } = streamText(text.slice(0, text.indexOf('[ci-badge]:')))
    const pending = root.querySelector('a.ras-pending-link button.ras-image-placeholder')
    expect(pending?.textContent).toBe('Load image: CI')
    expect(pending?.hasAttribute('disabled')).toBe(true)
    view.rerender(<StreamingMarkdown content={text} streaming />)
    const button = root.querySelector('a[href="https://ci.example.org"] button.ras-image-placeholder')
    expect(button?.textContent).toBe('Load image: CI')
    expect(button?.getAttribute('aria-label')).toBe('Load image: CI (https://ci.example.org)')
    expect(finish(text, view)).toBe(canonicalFromString(oneShotHtml(text)))
  })

  it('plans a block again only when a definition it uses arrives', () => {
    const parsed = vi.fn()
    function Paragraph({ children }: { children?: React.ReactNode }) {
      parsed(String(children).slice(0, 12))
      return <p>{children}</p>
    }
    const components = { p: Paragraph }
    const body = Array.from({ length: 40 }, (_, index) => `Block ${index} uses [label ${index}][l${index}].`)
    const definitions = Array.from({ length: 40 }, (_, index) => `[l${index}]: https://l${index}.dev`)
    const text = `${body.join('\n\n')}\n\n${definitions.join('\n')}\n`
    const start = text.indexOf('[l0]:')
    const view = render(
      <StreamingMarkdown content={text.slice(0, start)} streaming components={components} />,
    )
    parsed.mockClear()
    const lines = definitions.map((line) => text.indexOf(line) + line.length + 1)
    for (const end of lines)
      view.rerender(<StreamingMarkdown content={text.slice(0, end)} streaming components={components} />)
    // One block per arrived definition (the block using it), not the document each time; and the
    // last body block once more when it settles.
    expect(parsed.mock.calls.length).toBeGreaterThanOrEqual(40)
    expect(parsed.mock.calls.length).toBeLessThanOrEqual(41)
  })
})

describe('StreamingMarkdown: footnotes defined later', () => {
  const text =
    'Online moves.[^online] Uses `[^1]` syntax, and [^ssl].\n\n[^online]: Defined mid-body.\n\nMore body[^stall].\n\n```md\nA fence with [^order].\n```\n\n[^ssl]: At the end.\n\n[^stall]: Also.\n'

  it('renders a call before its definition as a pending superscript with its final number', () => {
    const { root } = streamText(text.slice(0, text.indexOf('[^online]:')))
    const calls = [...root.querySelectorAll('sup a')]
    expect(calls.map((call) => call.textContent)).toEqual(['1', '2'])
    expect(
      calls.every((call) => call.classList.contains('ras-pending-link') && !call.hasAttribute('href')),
    ).toBe(true)
  })

  it('numbers no call inside code, and shows the section without flipping when a definition sits mid-body', () => {
    let shown = false
    let hidAgain = false
    const { view } = streamText(text, (root) => {
      const visible = root.querySelector('section[data-footnotes]') !== null
      if (shown && !visible) hidAgain = true
      shown ||= visible
    })
    expect(hidAgain).toBe(false)
    expect(shown).toBe(true)
    expect(finish(text, view)).toBe(canonicalFromString(oneShotHtml(text)))
    expect([...view.container.querySelectorAll('sup a')].map((call) => call.textContent)).toEqual([
      '1',
      '2',
      '3',
    ])
  })

  it('numbers repeated calls of one footnote in document order (regression: the second took the first id)', () => {
    const repeated = 'A[^1] b[^2] c[^2].\n\n[^1]: x\n[^2]: y\n'
    const { view } = streamText(repeated)
    expect(finish(repeated, view)).toBe(canonicalFromString(oneShotHtml(repeated)))
    expect([...view.container.querySelectorAll('sup a')].map((call) => call.id)).toEqual([
      'user-content-fnref-1',
      'user-content-fnref-2',
      'user-content-fnref-2-2',
    ])
  })
})
