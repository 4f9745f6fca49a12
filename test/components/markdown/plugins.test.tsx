import { render } from '@testing-library/react'
import type { Root } from 'hast'
import type { Root as MarkdownRoot } from 'mdast'
import { type Pluggable, StreamingMarkdown } from 'react-agent-stream'
import rehypeKatex from 'rehype-katex'
import rehypeRaw from 'rehype-raw'
import rehypeSlug from 'rehype-slug'
import remarkBreaks from 'remark-breaks'
import remarkGfm from 'remark-gfm'
import remarkMath from 'remark-math'
import { describe, expect, it } from 'vitest'
import { attachPlugins, createPluginFile, runTransformers } from '../../../src/markdown/tree/plugins.js'
import { chunkEnds, streamAndCompare } from '../streaming-markdown.helpers.js'

const paragraph = (value: string): Root => ({
  type: 'root',
  children: [{ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value }] }],
})

describe('remark and rehype plugins', () => {
  it('runs a remark plugin on the markdown tree (remark-breaks) and ends equal to react-markdown with it', () => {
    const text = 'First line\nsecond line\n\n- item one\n  still item one\n\nLast *line*\nends here.\n'
    const { ours, oneShot } = streamAndCompare(text, { remarkPlugins: [remarkBreaks] })
    expect(ours).toBe(oneShot)
    expect(ours.match(/<br>/g)).toHaveLength(3)
  })

  it('runs a rehype plugin on the HTML tree (rehype-slug) and ends equal to react-markdown with it', () => {
    const text = '# Getting started\n\nIntro.\n\n## Install the *kit*\n\nRun it.\n\n## Use it\n'
    const { ours, oneShot } = streamAndCompare(text, { rehypePlugins: [rehypeSlug] })
    expect(ours).toBe(oneShot)
    expect(ours).toContain('id="getting-started"')
    expect(ours).toContain('id="install-the-kit"')
    expect(ours).toContain('id="use-it"')
  })

  it('keeps the safety pass after rehype-raw: allowed-looking HTML renders, scripts and handlers do not', () => {
    const text =
      'Text with <b>bold</b> and <img src="https://evil.test/x.png" onerror="alert(1)">.\n\n<script>alert(2)</script>\n\n<a href="javascript:alert(3)">click</a>\n'
    const { container } = render(<StreamingMarkdown content={text} rehypePlugins={[rehypeRaw]} />)
    const root = container.firstElementChild as HTMLElement
    expect(root.querySelector('b')?.textContent).toBe('bold')
    expect(root.querySelector('script')).toBeNull()
    expect(root.innerHTML).not.toContain('onerror')
    expect(root.querySelector('img')).toBeNull()
    expect(root.querySelector('button.ras-image-placeholder')?.getAttribute('aria-label')).toContain(
      'evil.test',
    )
    expect(root.querySelector('a')?.getAttribute('href') ?? null).toBeNull()
    const { ours, oneShot } = streamAndCompare(text, { rehypePlugins: [rehypeRaw] })
    expect(ours).toBe(oneShot)
  })

  it('never puts children into a void element (React throws on it), from a plugin or the caret', () => {
    // rehype-raw on half-streamed HTML ends the text inside <source>: the caret used to go in there.
    const text = 'A clip:\n\n<video controls><source src="/clip.mp4" type="video/mp4">'
    const { container, rerender } = render(
      <StreamingMarkdown content="" streaming rehypePlugins={[rehypeRaw]} />,
    )
    for (const end of chunkEnds(text.length, 2)) {
      rerender(<StreamingMarkdown content={text.slice(0, end)} streaming rehypePlugins={[rehypeRaw]} />)
    }
    expect(container.querySelector('source')?.childNodes).toHaveLength(0)
    expect(container.querySelector('[data-caret]')).not.toBeNull()
    const stuffing: Pluggable = () => (tree: Root) => {
      tree.children.push({
        type: 'element',
        tagName: 'img',
        properties: { alt: 'x' },
        children: [{ type: 'text', value: 'inside' }],
      })
    }
    rerender(<StreamingMarkdown content="Text" rehypePlugins={[stuffing]} />)
    expect(container.querySelector('img')?.getAttribute('alt')).toBe('x')
    expect(container.textContent).not.toContain('inside')
  })

  it('drops dangerouslySetInnerHTML a plugin sets, which React would parse as HTML past every check', () => {
    const injecting: Pluggable = () => (tree: Root) => {
      tree.children.push(
        {
          type: 'element',
          tagName: 'div',
          // Not a hast property value, but nothing stops a plugin from setting it.
          properties: { dangerouslySetInnerHTML: { __html: '<img src="x" onerror="alert(1)">' } as never },
          children: [],
        },
        {
          type: 'element',
          tagName: 'div',
          properties: { dangerouslySetInnerHTML: 'not an object' },
          children: [],
        },
      )
    }
    const { container } = render(<StreamingMarkdown content="Text" rehypePlugins={[injecting]} />)
    expect(container.querySelector('img')).toBeNull()
    expect(container.innerHTML).not.toContain('onerror')
    expect(container.querySelectorAll('div.ras-markdown-group > div')).toHaveLength(2)
  })

  it('renders the same when an app adds remark-gfm itself', () => {
    const text =
      '| a | b |\n| - | - |\n| 1 | ~~2~~ |\n\n- [x] done\n\nSee www.example.com and a note[^1].\n\n[^1]: The note.\n'
    const plain = streamAndCompare(text)
    const withGfm = streamAndCompare(text, { remarkPlugins: [remarkGfm] })
    expect(withGfm.ours).toBe(plain.ours)
    expect(plain.ours).toBe(plain.oneShot)
  })

  it('shows invalid TeX as a KaTeX error without throwing (rehype-katex reports it through file.message)', () => {
    const { container } = render(
      <StreamingMarkdown
        content={'Bad: $\\frac{1}{$ and good: $x^2$'}
        math={{ remarkPlugins: [remarkMath], rehypePlugins: [rehypeKatex] }}
      />,
    )
    expect(container.querySelector('.katex-error')).not.toBeNull()
    expect(container.querySelectorAll('.katex').length).toBeGreaterThanOrEqual(1)
  })

  it("gives a remark plugin the document's definitions each block uses, from wherever they stand", () => {
    type MdNode = { type: string; identifier?: string; url?: string; value?: string; children?: MdNode[] }
    const textOf = (node: MdNode): string => node.value ?? (node.children ?? []).map(textOf).join('')
    const seen: string[] = []
    // Resolves references the way plugins built on mdast-util-definitions do: through the tree.
    const remarkReadDefinitions = () => (tree: MarkdownRoot) => {
      const root = tree as unknown as MdNode
      const urls = new Map<string, string>()
      const notes = new Map<string, string>()
      for (const node of root.children ?? []) {
        if (node.type === 'definition') urls.set(node.identifier ?? '', node.url ?? '')
        if (node.type === 'footnoteDefinition') notes.set(node.identifier ?? '', textOf(node))
      }
      const walk = (node: MdNode) => {
        if (node.type === 'linkReference')
          seen.push(`${node.identifier} -> ${urls.get(node.identifier ?? '')}`)
        if (node.type === 'footnoteReference')
          seen.push(`^${node.identifier} -> ${notes.get(node.identifier ?? '')}`)
        if (node.type !== 'definition' && node.type !== 'footnoteDefinition') node.children?.forEach(walk)
      }
      walk(root)
    }
    const text =
      'See [the docs][d] and a note[^n].\n\nMore text.\n\n[d]: https://d.dev\n\n[^n]: The *note*.\n'
    const plugins = [remarkReadDefinitions]
    const { container, rerender } = render(
      <StreamingMarkdown content={text.slice(0, text.indexOf('[d]:'))} streaming remarkPlugins={plugins} />,
    )
    // Before its definition arrives, a reference resolves to the pending stand-in.
    expect(seen).toContain('d -> ras-pending:reference')
    seen.length = 0
    rerender(<StreamingMarkdown content={text} remarkPlugins={plugins} />)
    // The block, then the footnote section (parsed from the definitions it shows).
    expect(seen).toEqual(['d -> https://d.dev', '^n -> The note.', '^n -> The note.'])
    expect(container.querySelector('a[href="https://d.dev"]')?.textContent).toBe('the docs')
  })

  it('attaches plugins once per settings, not once per update', () => {
    let attached = 0
    let transformed = 0
    const counting: Pluggable = () => {
      attached += 1
      return () => {
        transformed += 1
      }
    }
    const plugins = [counting]
    const text = 'One paragraph that streams in.\n\nAnother one after it.'
    const { rerender } = render(<StreamingMarkdown content="" streaming rehypePlugins={plugins} />)
    for (const end of chunkEnds(text.length, 3)) {
      rerender(<StreamingMarkdown content={text.slice(0, end)} streaming rehypePlugins={[counting]} />)
    }
    expect(attached).toBe(1)
    expect(transformed).toBeGreaterThan(10)
  })
})

describe('attachPlugins (unified plugin contract)', () => {
  it('passes tuple options, skips plugins set to false and turns true into no options', () => {
    const seen: unknown[] = []
    const record = (name: string) => (options?: unknown) => {
      seen.push([name, options])
    }
    const first = record('first')
    const second = record('second')
    const third = record('third')
    attachPlugins(
      [
        [first, { depth: 2 }],
        [second, false],
        [third, true],
      ],
      [],
    )
    expect(seen).toEqual([
      ['first', { depth: 2 }],
      ['third', undefined],
    ])
  })

  it('attaches a plugin used twice once, at its first place, with the options deep-merged', () => {
    const calls: unknown[] = []
    const plugin = (options: unknown) => {
      calls.push(options)
    }
    const other = () => {
      calls.push('other')
    }
    attachPlugins(
      [[plugin, { a: 1, nested: { x: 1, list: [1] } }], other],
      [[plugin, { b: 2, nested: { y: 2, list: [2] } }]],
    )
    expect(calls).toEqual([{ a: 1, b: 2, nested: { x: 1, y: 2, list: [2] } }, 'other'])
  })

  it('reads presets: their plugins in order, their settings merged into data("settings")', () => {
    let settings: unknown
    const reader = function (this: { data(key: string): unknown }) {
      settings = this.data('settings')
    }
    attachPlugins([{ settings: { bullet: '*' } }, { plugins: [reader], settings: { emphasis: '_' } }], [])
    expect(settings).toEqual({ bullet: '*', emphasis: '_' })
  })

  it('gives every plugin one shared data(): get, set with a key, replace, and undefined for unset keys', () => {
    const results: unknown[] = []
    const writer = function (this: { data(key: string, value?: unknown): unknown }) {
      this.data('micromarkExtensions', ['ext'])
      this.data('cleared', undefined)
    }
    const reader = function (this: { data(key?: string): unknown }) {
      results.push(this.data('micromarkExtensions'), this.data('missing'), this.data('toString'))
      results.push(Object.keys(this.data() as object))
    }
    const { data } = attachPlugins([writer], [reader])
    expect(results).toEqual([['ext'], undefined, undefined, ['micromarkExtensions', 'cleared']])
    expect(data.micromarkExtensions).toEqual(['ext'])
  })

  it('sorts transformers into the markdown and HTML phases, in order', () => {
    const order: string[] = []
    const make = (name: string) => () => () => {
      order.push(name)
    }
    const attached = attachPlugins<MarkdownRoot, Root>([make('m1'), make('m2')], [make('h1')])
    runTransformers({ type: 'root', children: [] }, attached.markdown, createPluginFile(''))
    runTransformers({ type: 'root', children: [] }, attached.html, createPluginFile(''))
    expect(order).toEqual(['m1', 'm2', 'h1'])
  })

  it('lets a transformer return a new tree, or hand it to a callback it calls at once', () => {
    const replace = () => () => paragraph('replaced')
    const viaCallback = () => (tree: Root, _file: unknown, next: (error: unknown, tree: Root) => void) => {
      const first = tree.children[0]
      if (first?.type === 'element') first.tagName = 'h1'
      next(null, tree)
    }
    const { html } = attachPlugins<MarkdownRoot, Root>([], [replace, viaCallback])
    const result = runTransformers(paragraph('original'), html, createPluginFile('x'))
    expect(result).toEqual({
      ...paragraph('replaced'),
      children: [{ ...paragraph('replaced').children[0], tagName: 'h1' }],
    })
  })

  it('fails clearly on asynchronous transformers and passes errors on', () => {
    const file = createPluginFile('text')
    const asyncPlugin = () => async () => undefined
    const neverCalls = () => (_tree: Root, _file: unknown, _next: () => void) => undefined
    const failing = () => () => new Error('plugin failed')
    const failingCallback = () => (_tree: Root, _file: unknown, next: (error: unknown) => void) =>
      next(new Error('callback failed'))
    for (const [plugin, message] of [
      [asyncPlugin, /asynchronously/],
      [neverCalls, /asynchronously/],
      [failing, /plugin failed/],
      [failingCallback, /callback failed/],
    ] as const) {
      const { html } = attachPlugins<MarkdownRoot, Root>([], [plugin])
      expect(() => runTransformers(paragraph('x'), html, file)).toThrow(message)
    }
  })

  it('rejects values that are not plugins with a clear error', () => {
    expect(() => attachPlugins([42 as unknown as Pluggable], [])).toThrow(/expected a plugin, not `42`/)
  })

  it('gives transformers a file with its text and a place for messages', () => {
    const file = createPluginFile('# Title')
    expect(String(file)).toBe('# Title')
    expect(file.value).toBe('# Title')
    const warning = file.message('look here')
    expect(file.messages).toEqual([warning])
    expect(() => file.fail('stop')).toThrow('stop')
    expect(file.messages).toHaveLength(2)
  })
})
