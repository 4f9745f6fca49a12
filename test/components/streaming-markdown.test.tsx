// Over 300 lines: StreamingMarkdown's behaviour in jsdom, one describe per concern (partial
// constructs, safety, options, memoisation, StrictMode); the corpus, code-line and plugin suites
// already live in files of their own.
import { act, fireEvent, render, screen } from '@testing-library/react'
import { createRef, StrictMode } from 'react'
import { StreamingMarkdown } from 'react-agent-stream'
import { describe, expect, it, vi } from 'vitest'
import { useMarkdownStreaming } from '../../src/components/markdown/markdown-block.js'
import {
  canonicalFromString,
  chunkEnds,
  fixtures,
  oneShotHtml,
  renderedHtml,
  visibleText,
} from './streaming-markdown.helpers.js'

describe('StreamingMarkdown on the fixtures', () => {
  it.each(fixtures)(
    'renders every prefix of %s and ends equal to a one-shot render',
    { timeout: 60_000 },
    (_name, text) => {
      const { container, rerender } = render(<StreamingMarkdown content="" streaming />)
      for (let end = 1; end <= text.length; end += 1) {
        rerender(<StreamingMarkdown content={text.slice(0, end)} streaming />)
      }
      rerender(<StreamingMarkdown content={text} streaming={false} />)
      const rendered = renderedHtml(container.firstElementChild)
      expect(rendered).toBe(canonicalFromString(oneShotHtml(text)))
    },
  )

  it('streams the same under StrictMode (double rendering does not double-plan a block)', {
    timeout: 60_000,
  }, () => {
    const text = fixtures.map(([, fixture]) => fixture).join('\n\n')
    const { container, rerender } = render(
      <StrictMode>
        <StreamingMarkdown content="" streaming />
      </StrictMode>,
    )
    for (const end of chunkEnds(text.length, 3)) {
      rerender(
        <StrictMode>
          <StreamingMarkdown content={text.slice(0, end)} streaming />
        </StrictMode>,
      )
    }
    rerender(
      <StrictMode>
        <StreamingMarkdown content={text} />
      </StrictMode>,
    )
    expect(renderedHtml(container.firstElementChild)).toBe(canonicalFromString(oneShotHtml(text)))
  })

  it('starts over when the content is replaced instead of extended', () => {
    const [first, second] = [fixtures[0]?.[1] ?? '', fixtures[1]?.[1] ?? '']
    const { container, rerender } = render(<StreamingMarkdown content={first.slice(0, 400)} streaming />)
    rerender(<StreamingMarkdown content={second.slice(0, 300)} streaming />)
    rerender(<StreamingMarkdown content={second} />)
    expect(renderedHtml(container.firstElementChild)).toBe(canonicalFromString(oneShotHtml(second)))
  })

  it('shows wrong frames in at most 1% of updates across the fixtures', { timeout: 60_000 }, () => {
    let frames = 0
    let wrong = 0
    for (const [, text] of fixtures) {
      const { container, rerender, unmount } = render(<StreamingMarkdown content={text} />)
      const root = container.firstElementChild as HTMLElement
      const final = visibleText(root)
      for (const end of chunkEnds(text.length, text.length)) {
        rerender(<StreamingMarkdown content={text.slice(0, end)} streaming />)
        frames += 1
        if (!final.startsWith(visibleText(root))) wrong += 1
      }
      unmount()
    }
    expect(frames).toBeGreaterThan(1000)
    expect(wrong / frames).toBeLessThanOrEqual(0.01)
  })
})

describe('StreamingMarkdown while streaming', () => {
  it('never shows raw emphasis markers, table pipes or a setext flash', () => {
    const { container, rerender } = render(<StreamingMarkdown content="Some **bol" streaming />)
    expect(container.querySelector('strong')?.textContent).toBe('bol')
    rerender(<StreamingMarkdown content={'| a | b |\n| -'} streaming />)
    expect(container.querySelectorAll('th')).toHaveLength(2)
    expect(visibleText(container)).not.toContain('|')
    rerender(<StreamingMarkdown content={'Paragraph\n-'} streaming />)
    expect(container.querySelector('h2')).toBeNull()
  })

  it('renders one caret element at the end of the text, and none when done', () => {
    const { container, rerender } = render(<StreamingMarkdown content={'# T\n\nSome *text'} streaming />)
    const carets = container.querySelectorAll('[data-caret]')
    expect(carets).toHaveLength(1)
    expect(carets[0]?.parentElement?.tagName).toBe('EM')
    expect(container.firstElementChild?.className).toBe('ras-markdown')
    rerender(<StreamingMarkdown content={'# T\n\nSome *text*'} />)
    expect(container.querySelectorAll('[data-caret]')).toHaveLength(0)
  })

  it('can turn the caret off', () => {
    const { container } = render(<StreamingMarkdown content="Hi" streaming caret={false} />)
    expect(container.querySelector('[data-caret]')).toBeNull()
  })

  it('tells custom components whether their node is still streaming', () => {
    const seen: string[] = []
    function Paragraph({ children, ...props }: { children?: React.ReactNode; 'data-streaming'?: string }) {
      const blockStreaming = useMarkdownStreaming()
      seen.push(`${String(children).slice(0, 5)}:${props['data-streaming'] ?? 'settled'}:${blockStreaming}`)
      return <p>{children}</p>
    }
    render(<StreamingMarkdown content={'First\n\nSecond'} streaming components={{ p: Paragraph }} />)
    expect(seen).toContain('First:settled:false')
    expect(seen).toContain('Secon:true:true')
  })

  it('does not render a settled block again as text is appended', () => {
    const renders = vi.fn()
    function Heading({ children }: { children?: React.ReactNode }) {
      renders(children)
      return <h2>{children}</h2>
    }
    const components = { h2: Heading }
    const { rerender } = render(
      <StreamingMarkdown
        content={'## Title\n\nBody'}
        streaming
        components={components}
        allowedImageOrigins={['https://images.example.com']}
        disallowedElements={['iframe']}
        remarkRehypeOptions={{ footnoteLabel: 'Notes' }}
      />,
    )
    const before = renders.mock.calls.length
    for (const more of [' one', ' two', ' three', '\n\nNew para', ' more']) {
      // Inline props that are equal each time (new arrays and objects) must not render settled blocks again.
      rerender(
        <StreamingMarkdown
          content={`## Title\n\nBody${more}`}
          streaming
          components={{ h2: Heading }}
          allowedImageOrigins={['https://images.example.com']}
          disallowedElements={['iframe']}
          remarkRehypeOptions={{ footnoteLabel: 'Notes' }}
        />,
      )
    }
    expect(renders.mock.calls.length).toBe(before)
  })

  it('parses only the open block per update in a long document, with settled blocks in groups of 64', () => {
    const parsed = vi.fn()
    function Paragraph({ children }: { children?: React.ReactNode }) {
      parsed()
      return <p>{children}</p>
    }
    const components = { p: Paragraph }
    const body = Array.from({ length: 300 }, (_, index) => `Paragraph ${index} with *some* text.`).join(
      '\n\n',
    )
    const { container, rerender } = render(
      <StreamingMarkdown content={body} streaming components={components} />,
    )
    expect(container.querySelectorAll('.ras-markdown > .ras-markdown-group')).toHaveLength(5)
    const tail = `${body}\n\nThe last one grows`
    parsed.mockClear()
    for (let end = body.length + 2; end <= tail.length; end += 1) {
      rerender(<StreamingMarkdown content={tail.slice(0, end)} streaming components={components} />)
    }
    // At most one paragraph parsed per update (the open one), however long the document is (the
    // last settled paragraph once more when it settles).
    const updates = tail.length - body.length - 1
    expect(parsed.mock.calls.length).toBeGreaterThan(updates / 2)
    expect(parsed.mock.calls.length).toBeLessThanOrEqual(updates + 1)
  })

  it('keeps the open block mounted when it settles (no remount, no lost state)', () => {
    const first = Array.from({ length: 63 }, (_, index) => `Block ${index}.`).join('\n\n')
    const { container, rerender } = render(<StreamingMarkdown content={`${first}\n\nOpen para`} streaming />)
    const open = [...container.querySelectorAll('p')].at(-1)
    expect(open?.textContent).toBe('Open para')
    rerender(<StreamingMarkdown content={`${first}\n\nOpen paragraph.\n\nNext`} streaming />)
    expect(open?.isConnected).toBe(true)
    expect(open?.textContent).toBe('Open paragraph.')
    // Block 64 opened a second group.
    expect(container.querySelectorAll('.ras-markdown-group')).toHaveLength(2)
    expect(container.querySelectorAll('.ras-markdown-group')[1]?.textContent).toBe('Next')
  })

  it('links settled blocks in earlier groups when definitions arrive at the end', () => {
    const body = Array.from({ length: 150 }, (_, index) =>
      index % 40 === 3 ? `See [docs][d] and [site] and a note[^n${index}].` : `Paragraph ${index}.`,
    ).join('\n\n')
    const notes = Array.from({ length: 150 }, (_, index) => index)
      .filter((index) => index % 40 === 3)
      .map((index) => `[^n${index}]: Note ${index}.`)
      .join('\n\n')
    const text = `${body}\n\n[d]: https://docs.dev\n[site]: https://site.dev "Site"\n\n${notes}\n`
    const { container, rerender } = render(<StreamingMarkdown content="" streaming />)
    for (const end of chunkEnds(text.length, 7)) {
      rerender(<StreamingMarkdown content={text.slice(0, end)} streaming />)
    }
    const hrefs = [
      ...container.querySelectorAll('a:not([data-footnote-ref]):not([data-footnote-backref])'),
    ].map((link) => link.getAttribute('href'))
    expect(hrefs).toEqual(Array.from({ length: 4 }, () => ['https://docs.dev', 'https://site.dev']).flat())
    rerender(<StreamingMarkdown content={text} />)
    expect(renderedHtml(container.firstElementChild)).toBe(canonicalFromString(oneShotHtml(text)))
  })

  it('shows a streaming autolink literal as plain text at once, without the word joiners the repair adds', () => {
    const { container, rerender } = render(<StreamingMarkdown content="Docs at www.exa" streaming />)
    expect(container.querySelector('a')).toBeNull()
    expect(container.textContent).toBe('Docs at www.exa')
    rerender(<StreamingMarkdown content="Docs at www.example.com and more" streaming />)
    expect(container.querySelector('a')?.getAttribute('href')).toBe('http://www.example.com')
  })

  it('shows a reference link and a footnote before their definitions arrive', () => {
    const { container, rerender } = render(
      <StreamingMarkdown content={'See [the docs][d] and a note[^1].\n\nMore'} streaming />,
    )
    expect(container.querySelector('a')?.textContent).toBe('the docs')
    expect(container.querySelector('a')?.hasAttribute('href')).toBe(false)
    expect(container.querySelector('sup')?.textContent).toBe('1')
    rerender(
      <StreamingMarkdown
        content={'See [the docs][d] and a note[^1].\n\nMore\n\n[d]: https://d.dev\n\n[^1]: Note.\n'}
      />,
    )
    expect(container.querySelector('a')?.getAttribute('href')).toBe('https://d.dev')
    expect(container.querySelector('section[data-footnotes] li')?.textContent).toContain('Note.')
  })
})

describe('StreamingMarkdown safety', () => {
  it('drops javascript:, vbscript: and data: links and marks streaming links inert', () => {
    const { container } = render(
      <StreamingMarkdown
        content={
          '[a](javascript:alert(1)) [b](vbscript:x) [c](data:text/html,x) [d](https://ok.dev) [e](https://exa'
        }
        streaming
      />,
    )
    const links = [...container.querySelectorAll('a')]
    expect(links.map((link) => link.getAttribute('href'))).toEqual([null, null, null, 'https://ok.dev', null])
    expect(links[3]?.getAttribute('rel')).toBe('noopener noreferrer')
    expect(links[4]?.dataset.incomplete).toBe('true')
  })

  it('does not load a remote image until clicked, unless its origin is allow-listed', () => {
    const text = '![cat](https://evil.test/cat.png) ![dog](https://img.ok.dev/dog.png)'
    const { container } = render(
      <StreamingMarkdown content={text} allowedImageOrigins={['https://img.ok.dev']} />,
    )
    expect(container.querySelectorAll('img')).toHaveLength(1)
    expect(container.querySelector('img')?.getAttribute('src')).toBe('https://img.ok.dev/dog.png')
    const placeholder = screen.getByRole('button', { name: /Load image: cat/ })
    fireEvent.click(placeholder)
    expect(container.querySelector('img[alt="cat"]')?.getAttribute('src')).toBe('https://evil.test/cat.png')
  })

  it('keeps the policy when user plugins add URL attributes and components are overridden', () => {
    const addSources = () => (tree: { children: unknown[] }) => {
      tree.children.push({
        type: 'element',
        tagName: 'picture',
        properties: {},
        children: [
          {
            type: 'element',
            tagName: 'source',
            properties: { srcSet: 'https://evil.test/x.png 1x' },
            children: [],
          },
          {
            type: 'element',
            tagName: 'video',
            properties: { poster: 'https://evil.test/p.png' },
            children: [],
          },
          {
            type: 'element',
            tagName: 'a',
            properties: { href: 'javascript:alert(1)', onClick: 'x' },
            children: [],
          },
          {
            type: 'element',
            tagName: 'script',
            properties: {},
            children: [{ type: 'text', value: 'alert(1)' }],
          },
        ],
      })
    }
    const { container } = render(
      <StreamingMarkdown
        content="Hello"
        rehypePlugins={[addSources]}
        components={{ a: (props) => <a {...props} data-custom="" /> }}
      />,
    )
    expect(container.querySelector('source')?.hasAttribute('srcset')).toBe(false)
    expect(container.querySelector('video')?.hasAttribute('poster')).toBe(false)
    expect(container.querySelector('a[data-custom]')?.hasAttribute('href')).toBe(false)
    expect(container.querySelector('script')).toBeNull()
  })

  it('shows raw HTML as text unless the tag is allow-listed', () => {
    const text = 'x<sup>2</sup> <img src=x onerror=alert(1)> <b onclick="alert(1)">bold</b>'
    const { container, rerender } = render(<StreamingMarkdown content={text} />)
    expect(container.querySelector('sup')).toBeNull()
    expect(visibleText(container)).toContain('<sup>2</sup>')
    rerender(<StreamingMarkdown content={text} allowedHtml={{ sup: [], b: ['title'] }} />)
    expect(container.querySelector('sup')?.textContent).toBe('2')
    expect(container.querySelector('b')?.getAttribute('onclick')).toBeNull()
    expect(container.querySelector('img')).toBeNull()
  })

  it('asks before leaving the site when confirmExternalLinks is set', async () => {
    const confirm = vi.fn(() => false)
    const open = vi.spyOn(window, 'open').mockImplementation(() => null)
    render(<StreamingMarkdown content="[go](https://elsewhere.dev)" confirmExternalLinks={confirm} />)
    await act(async () => {
      fireEvent.click(screen.getByRole('link', { name: 'go' }))
    })
    expect(confirm).toHaveBeenCalledWith('https://elsewhere.dev')
    expect(open).not.toHaveBeenCalled()
  })
})

describe('StreamingMarkdown element', () => {
  it('forwards its ref, merges className, spreads rest props and exposes data-streaming', () => {
    const ref = createRef<HTMLDivElement>()
    render(
      <StreamingMarkdown ref={ref} content="Hi" streaming className="chat" id="answer" aria-live="off" />,
    )
    expect(ref.current?.id).toBe('answer')
    expect(ref.current?.className).toBe('ras-markdown chat')
    expect(ref.current?.dataset.streaming).toBe('true')
    expect(ref.current?.getAttribute('aria-live')).toBe('off')
  })

  it('renders code blocks with a language label and a copy button', async () => {
    const writeText = vi.fn(() => Promise.resolve())
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    const { container } = render(<StreamingMarkdown content={'```ts\nconst a = 1\n```'} />)
    expect(container.querySelector('.ras-code-language')?.textContent).toBe('ts')
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy' }))
    })
    expect(writeText).toHaveBeenCalledWith('const a = 1\n')
    expect(screen.getByRole('button', { name: 'Copied' })).toBeInTheDocument()
  })
})

describe('StreamingMarkdown code highlighting', () => {
  it('highlights only lines completed since the last run, and keeps the text unchanged', async () => {
    const calls: string[] = []
    const highlighter = {
      tokenize: async (code: string, _language: string, state: unknown) => {
        calls.push(code)
        const lines = code.replace(/\n$/, '').split('\n')
        return {
          lines: lines.map((line) => [{ content: line, color: '#d73a49' }]),
          state: Number(state ?? 0) + lines.length,
        }
      },
    }
    const fence = '```js\nconst a = 1\nconst b = 2\nconst c'
    const { container, rerender } = render(
      <StreamingMarkdown content={fence.slice(0, 20)} streaming highlighter={highlighter} />,
    )
    await act(async () => {
      rerender(<StreamingMarkdown content={fence.slice(0, 32)} streaming highlighter={highlighter} />)
    })
    await act(async () => {
      rerender(<StreamingMarkdown content={fence} streaming highlighter={highlighter} />)
    })
    expect(calls).toEqual(['const a = 1\n', 'const b = 2\n'])
    const code = container.querySelector('code[data-highlighted]')
    expect(code?.textContent).toBe('const a = 1\nconst b = 2\nconst c\n')
    expect(code?.querySelectorAll('span[style]')).toHaveLength(2)
  })
})

describe('StreamingMarkdown regressions', () => {
  it('counts a footnote reference once when its block also defines the footnote (fast-check seed 493260701)', () => {
    const text =
      '[^n]: The *note*.\n<!-- comment -->\n> quote\n> **more**\n<!-- comment -->\n[r]: https://ref.dev\nA note[^n] here.'
    const { container, rerender } = render(<StreamingMarkdown content="" streaming />)
    for (let end = 1; end < text.length; end++)
      rerender(<StreamingMarkdown content={text.slice(0, end)} streaming />)
    rerender(<StreamingMarkdown content={text} />)
    expect(renderedHtml(container.firstElementChild)).toBe(canonicalFromString(oneShotHtml(text)))
    expect(container.querySelectorAll('[data-footnote-backref]')).toHaveLength(1)
  })
})
