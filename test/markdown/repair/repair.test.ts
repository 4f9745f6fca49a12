import { readdirSync, readFileSync } from 'node:fs'
import { createElement } from 'react'
import {
  INCOMPLETE_LINK_URL,
  type MarkdownBlock,
  repairBlock,
  repairMarkdown,
  splitBlocks,
} from 'react-agent-stream/markdown'
import { renderToStaticMarkup } from 'react-dom/server'
import Markdown from 'react-markdown'
import remarkGfm from 'remark-gfm'
import { describe, expect, it } from 'vitest'
import { repairOpenBlock } from '../../../src/markdown/repair/repair.js'

const link = `](${INCOMPLETE_LINK_URL})`

function html(markdown: string): string {
  return renderToStaticMarkup(createElement(Markdown, { remarkPlugins: [remarkGfm] }, markdown))
}

function visibleText(markdown: string): string {
  return html(markdown)
    .replace(/<[^>]*>/g, '')
    .replace(/&amp;/g, '&')
}

// 34 partial inputs, each text a stream can stop at (inside emphasis, code, links, images, fences,
// tables, headings, lists, math..., or text that only looks unfinished), with the markdown the
// repair must turn it into.
const matrix: [number, string, string, { math?: boolean }?][] = [
  [1, 'Text **bol', 'Text **bol**'],
  [2, 'Text *ita', 'Text *ita*'],
  [3, 'Text _ita', 'Text _ita_'],
  [4, 'Text ***bi', 'Text ***bi***'],
  [5, 'Text ~~str', 'Text ~~str~~'],
  [6, 'Text `cod', 'Text `cod`'],
  [7, '**bold `co', '**bold `co`**'],
  [8, 'my name is **', 'my name is'],
  [9, '```js\nconst x = 1', '```js\nconst x = 1'],
  [10, '~~~\ncode', '~~~\ncode'],
  [11, '````md\n```js\ninner', '````md\n```js\ninner'],
  [12, '- item\n\n  ```js\n  code', '- item\n\n  ```js\n  code'],
  [13, '[docs](https://exa', `[docs${link}`],
  [14, '[doc', `[doc${link}`],
  [15, 'See ![alt](https://img.exa', 'See'],
  [16, '| a | b |\n| -', '| a | b |\n| --- | --- |'],
  [17, '| a | b |\n| --- | --- |\n| 1 | **2', '| a | b |\n| --- | --- |\n| 1 | **2**'],
  [18, '$$\nx^2 +', '$$\n', { math: true }],
  [19, 'Cost $5 and $x^', 'Cost $5 and $x^', { math: true }],
  [20, 'Let \\(a_1 +', 'Let \\(a_1 +'],
  [21, '- one\n- ', '- one'],
  [22, 'Paragraph\n-', 'Paragraph'],
  [23, 'Paragraph\n=', 'Paragraph'],
  [24, '1. first\n2', '1. first'],
  [25, 'Hi <div cla', 'Hi'],
  [26, 'Claim[^1', 'Claim'],
  [27, 'Escaped \\*not italic', 'Escaped \\*not italic'],
  [28, 'use snake_case_var here', 'use snake_case_var here'],
  [29, '> quote **bol', '> quote **bol**'],
  [30, '## Head **b', '## Head **b**'],
  [31, 'Visit https://exa', 'Visit https\\://exa'],
  [32, 'Visit <https://exa', `Visit [https\\:\\/\\/exa${link}`],
  [33, '20~25 degrees', '20~25 degrees'],
  [34, 'Text\n\n**', 'Text\n\n'],
]

describe('repairMarkdown on the partial-input matrix', () => {
  it.each(matrix)('case %i: %j', (_case, input, expected, options) => {
    expect(repairMarkdown(input, options)).toBe(expected)
  })

  it('never leaves raw emphasis or code markers visible in the matrix cases', () => {
    for (const [, input, , options] of matrix) {
      if (options?.math || /```|~~~/.test(input)) continue
      expect(visibleText(repairMarkdown(input, options))).not.toMatch(/\*\*|~~|`/)
    }
  })
})

describe('repairMarkdown: emphasis and code', () => {
  it('closes nested emphasis innermost first', () => {
    expect(repairMarkdown('_a *b')).toBe('_a *b*_')
    expect(repairMarkdown('**a _b ~~c')).toBe('**a _b ~~c~~_**')
    expect(html(repairMarkdown('**a _b ~~c'))).toBe('<p><strong>a <em>b <del>c</del></em></strong></p>')
  })

  it('completes a half-typed closer instead of showing a stray marker', () => {
    expect(repairMarkdown('**bold*')).toBe('**bold**')
    expect(repairMarkdown('**done** and')).toBe('**done** and')
  })

  it('keeps emphasis markers inside code spans out of the count', () => {
    expect(repairMarkdown('`a ** b` and **c')).toBe('`a ** b` and **c**')
    expect(repairMarkdown('*x `a * b')).toBe('*x `a * b`*')
  })

  it('uses a closer as long as the open code span run', () => {
    expect(repairMarkdown('use ``a ` b')).toBe('use ``a ` b``')
  })

  it('leaves intraword asterisks and underscores alone', () => {
    expect(repairMarkdown('2*3')).toBe('2*3')
    expect(repairMarkdown('CONSTANT_CASE')).toBe('CONSTANT_CASE')
  })

  it('holds a trailing backslash, entity or lone bracket for one token', () => {
    expect(repairMarkdown('end\\')).toBe('end')
    expect(repairMarkdown('a &am')).toBe('a')
    expect(repairMarkdown('see [')).toBe('see')
  })

  it('closes emphasis across the lines of one paragraph but not across list items', () => {
    expect(repairMarkdown('**one\ntwo')).toBe('**one\ntwo**')
    expect(repairMarkdown('- **a\n- b')).toBe('- **a\n- b')
  })

  it('does not repair a paragraph a blank line already closed', () => {
    expect(repairMarkdown('**open\n\n')).toBe('**open\n\n')
  })
})

describe('repairMarkdown: links, images, autolinks, HTML', () => {
  it('closes emphasis inside link text before the pending link', () => {
    expect(repairMarkdown('[**do')).toBe(`[**do**${link}`)
  })

  it('makes a link with a half-arrived reference label inert', () => {
    expect(repairMarkdown('[text][lab')).toBe(`[text${link}`)
  })

  it('keeps complete links untouched', () => {
    expect(repairMarkdown('[a](https://x.dev) b')).toBe('[a](https://x.dev) b')
  })

  it('never links a truncated bare URL or address, and shows it at once as text', () => {
    // U+2060 (word joiner, no glyph) before the dot GFM needs: see test/markdown/repair/autolink-literal.test.ts.
    expect(html(repairMarkdown('Visit https://exa'))).not.toContain('<a')
    expect(repairMarkdown('go to www.exa')).toBe('go to www\u2060.exa')
    expect(repairMarkdown('mail foo@bar.co')).toBe('mail foo@bar\u2060.co')
    expect(visibleText(repairMarkdown('Visit https://exa'))).toBe('Visit https://exa')
  })

  it('links a URL once whitespace follows it', () => {
    expect(repairMarkdown('Visit https://example.com now')).toBe('Visit https://example.com now')
  })

  it('drops a half image, even one inside emphasis', () => {
    expect(repairMarkdown('**a ![x](https://t')).toBe('**a**')
  })

  it('holds a half-typed tag or comment', () => {
    expect(repairMarkdown('a <span class="x')).toBe('a')
    expect(repairMarkdown('a <!-')).toBe('a')
    expect(repairMarkdown('a < b')).toBe('a < b')
  })

  it('holds a closing tag from its </ on (it used to show </ and hide it again at </b)', () => {
    expect(repairMarkdown('a <b>x</')).toBe('a <b>x')
    expect(repairMarkdown('a <b>x</b')).toBe('a <b>x')
  })

  it('treats < that starts neither a tag nor an autolink as text', () => {
    // Not a tag name: nothing to hold, and the `*` inside counts.
    expect(repairMarkdown('*a <b.c* d')).toBe('*a <b.c* d')
    expect(repairMarkdown('*x <a*b> y')).toBe('*x <a*b> y')
  })
})

describe('repairMarkdown: blocks', () => {
  it('holds the opening fence line until its info string is complete', () => {
    expect(repairMarkdown('Intro\n```pyt')).toBe('Intro')
  })

  it('holds a line that may become the closing fence', () => {
    expect(repairMarkdown('```\ncode\n``')).toBe('```\ncode\n')
    expect(repairMarkdown('~~~\ncode\n~')).toBe('~~~\ncode\n')
  })

  it('repairs after a closed fence', () => {
    expect(repairMarkdown('```\n**x\n```\nthen **y')).toBe('```\n**x\n```\nthen **y**')
  })

  it('renders a header row as a table as soon as it starts', () => {
    expect(repairMarkdown('| a | b')).toBe('| a | b\n| --- | --- |')
    expect(html(repairMarkdown('| a | **b'))).toContain('<th><strong>b</strong></th>')
    expect(repairMarkdown('| a | b |\n')).toBe('| a | b |\n| --- | --- |\n')
  })

  it('holds a task-list checkbox until it is complete', () => {
    expect(repairMarkdown('- one\n- [x')).toBe('- one')
    expect(repairMarkdown('- [ ] do')).toBe('- [ ] do')
  })

  it('holds a definition line, which renders nothing', () => {
    expect(repairMarkdown('Text\n\n[ref]: https://exa')).toBe('Text\n\n')
    expect(repairMarkdown('Text\n\n[^1]')).toBe('Text\n\n')
  })

  it('holds an ATX heading marker with no text yet', () => {
    expect(repairMarkdown('Intro\n\n##')).toBe('Intro\n\n')
  })

  it('repairs only the block quote a > line starts, not the paragraph it interrupts', () => {
    expect(repairMarkdown('**bold\n> quote')).toBe('**bold\n> quote')
    expect(repairMarkdown('[see\n> more')).toBe('[see\n> more')
    expect(repairMarkdown('> a **b\nlazy')).toBe('> a **b\nlazy**')
  })

  it('only touches the last block', () => {
    const settled = 'Old **open\n\n'
    expect(repairMarkdown(`${settled}New *x`)).toBe(`${settled}New *x*`)
  })

  it('closes inline double-dollar math when math is on', () => {
    expect(repairMarkdown('Area $$\\pi r', { math: true })).toBe('Area $$\\pi r$$')
  })

  it('repairBlock works on one block', () => {
    expect(repairBlock('> **quote')).toBe('> **quote**')
  })
})

describe('repairMarkdown on hostile input', () => {
  it('handles a 1 MB single line with many delimiters and backslashes', () => {
    const line = '**a _b `c \\\\ [d '.repeat(70_000)
    const repaired = repairMarkdown(line)
    expect(repaired.length).toBeGreaterThan(line.length - 20)
  })

  it('handles a long run of backslashes and unmatched brackets', () => {
    expect(repairMarkdown(`${'\\'.repeat(500_001)}`).length).toBe(500_000)
    expect(repairMarkdown('[('.repeat(200_000)).length).toBeGreaterThan(0)
  })

  it('handles deep nesting of quotes and lists', () => {
    const nested = `${'> '.repeat(2_000)}**deep`
    expect(repairMarkdown(nested).endsWith('**deep**')).toBe(true)
    const list = Array.from({ length: 500 }, (_, depth) => `${'  '.repeat(depth)}- item *${depth}`).join('\n')
    expect(repairMarkdown(list).endsWith('*499*')).toBe(true)
  })

  it('handles long runs of < and of URLs', () => {
    expect(repairMarkdown('<'.repeat(200_000)).length).toBeGreaterThan(199_000)
    expect(repairMarkdown('<a '.repeat(100_000)).length).toBeGreaterThan(299_000)
    const urls = 'see www.x.com/'.repeat(50_000)
    expect(repairMarkdown(urls).length).toBeGreaterThan(urls.length)
    expect(repairMarkdown(`https://x.dev/${'a.'.repeat(200_000)}`).length).toBeGreaterThan(400_000)
    // Every opener has an open literal before it, each guarded once.
    const literals = '"www.x.com.*a '.repeat(20_000)
    expect(repairMarkdown(literals).length).toBe(literals.length + 2 * 20_000)
  })

  it('handles a huge data URI image', () => {
    const image = `![x](data:image/png;base64,${'A'.repeat(1_000_000)}`
    expect(repairMarkdown(`Look ${image}`)).toBe('Look')
  })
})

describe('repairOpenBlock: the open fence found by the splitter', () => {
  const fixtureDirectory = new URL('../../fixtures/markdown/', import.meta.url)
  const fixtures = readdirSync(fixtureDirectory).map((name) =>
    readFileSync(new URL(name, fixtureDirectory), 'utf8'),
  )

  it('repairs every prefix of the fixtures as the full scan of the block does', () => {
    let fences = 0
    for (const fixture of [...fixtures, '- a\n\n  ```js\n  x\n\n  ``', '~~~~\n~~~\n~~~ x\n~~']) {
      for (let end = 1; end <= fixture.length; end += 1) {
        const open = splitBlocks(fixture.slice(0, end)).blocks.at(-1)
        if (!open?.openFence) continue
        fences += 1
        expect(repairOpenBlock(open)).toBe(repairBlock(open.text))
      }
    }
    // The fixtures hold code fences: the fast path ran.
    expect(fences).toBeGreaterThan(100)
  })

  it('holds only a last line that may become the closer', () => {
    const open = (text: string) => splitBlocks(text).blocks.at(-1) as MarkdownBlock
    expect(repairOpenBlock(open('```ts\nconst a = `x` **\n``'))).toBe('```ts\nconst a = `x` **\n')
    expect(repairOpenBlock(open('~~~\ncode\n~'))).toBe('~~~\ncode\n')
    expect(repairOpenBlock(open('~~~\ncode\n``'))).toBe('~~~\ncode\n``')
  })
})
