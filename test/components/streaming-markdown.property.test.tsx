import { render } from '@testing-library/react'
import fc from 'fast-check'
import { StreamingMarkdown } from 'react-agent-stream'
import { describe, expect, it } from 'vitest'
import { canonicalFromString, oneShotHtml, renderedHtml, visibleText } from './streaming-markdown.helpers.js'

const blocks = [
  '# Heading *one*',
  'Plain paragraph with **bold** and `code`.',
  '- a\n- b\n  - nested',
  '- loose\n\n- list',
  '1. one\n2. two',
  '> quote\n> **more**',
  '```js\nlet a = 1\n\nlet b = 2\n```',
  '~~~\nx\n~~~',
  '| a | b |\n| - | - |\n| 1 | 2 |',
  'Text with [link](https://ok.dev) and [ref][r].',
  '[r]: https://ref.dev',
  'A note[^n] here.',
  '[^n]: The *note*.',
  'Setext\n---',
  '    indented code',
  '<!-- comment -->',
  '***',
  'Visit https://site.dev now',
  '- item\n  ```\n  code\n\n  more\n  ```',
  'Line one\nline two',
]
const payloads = [
  '[x](javascript:alert(1))',
  '![i](https://evil.test/i.png)',
  '<img src=x onerror=alert(1)>',
  '[y](data:text/html,<script>alert(1)</script>)',
  '![d](data:image/svg+xml,<svg/onload=alert(1)>)',
  '<a href="javascript:alert(1)">z</a>',
]
const document_ = fc
  .array(fc.oneof(fc.constantFrom(...blocks), fc.constantFrom(...payloads)), { minLength: 1, maxLength: 8 })
  .chain((parts) => fc.constantFrom('\n\n', '\n').map((separator) => parts.join(separator)))

// Lists and tables in the shapes that used to flip between frames (issue 16): tables in list items
// and quotes, tables interrupting a paragraph, lazy lines, loose and nested items.
const listsAndTables = [
  '- a\n- b\n  - nested\n    - deeper *em*\n  - back',
  '- loose\n\n- list\n\n  continued para',
  '1. one\n2. two\n   1. sub\n   2. sub two',
  '> quote\n> **more**\n> - in quote\n> - list',
  '| a | b |\n| - | - |\n| 1 | 2 |\n| **x** | `y` |',
  '| Name | Value |\n| :-- | --: |\n| long cell text | 12 |',
  '- item with table:\n\n  | a | b |\n  | - | - |\n  | 1 | 2 |',
  '* [ ] todo\n* [x] done\n  * nested',
  '- a\n\n  ```js\n  code\n  ```\n- b',
  'Para before table\n| a | b |\n| - | - |\n| 1 | 2 |',
  '| esc \\| pipe | `c\\|d` |\n| --- | --- |\n| [link](https://x.dev) | ~~s~~ |',
  '> | q | t |\n> | - | - |\n> | 1 | 2 |',
  '- first\n  second line lazy\ncontinued lazily\n- next',
  '1. a\n\n   para in item\n\n   - sub\n\n2. b',
  '* a\n\n      indented code in item\n\n* b',
  '2. starts at two\n3. three',
]

function unsafe(root: Element): string | undefined {
  for (const element of root.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      if (/^on/i.test(attribute.name)) return `${element.tagName} ${attribute.name}`
      if (['href', 'src', 'srcset', 'poster', 'action', 'formaction'].includes(attribute.name)) {
        if (/^\s*(javascript|vbscript|data:(?!image\/(png|jpeg|gif|webp|avif)))/i.test(attribute.value)) {
          return `${element.tagName} ${attribute.name}=${attribute.value}`
        }
        if (attribute.name !== 'href' && /evil\.test/.test(attribute.value))
          return `${element.tagName} loads ${attribute.value}`
      }
    }
    if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED'].includes(element.tagName)) return element.tagName
  }
  return undefined
}

describe('StreamingMarkdown properties', () => {
  it('ends equal to a one-shot render for generated documents in any chunking', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(document_, fc.integer({ min: 1, max: 9 }), (text, chunk) => {
        const { container, rerender, unmount } = render(<StreamingMarkdown content="" streaming />)
        for (let end = chunk; end < text.length; end += chunk) {
          rerender(<StreamingMarkdown content={text.slice(0, end)} streaming />)
        }
        rerender(<StreamingMarkdown content={text} />)
        const rendered = renderedHtml(container.firstElementChild)
        unmount()
        expect(rendered).toBe(canonicalFromString(oneShotHtml(text)))
      }),
      { numRuns: 150, seed: 20_261_124 },
    )
  })

  it('shows lists and tables without a wrong or flipping frame, at every prefix', {
    timeout: 120_000,
  }, () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...listsAndTables), { minLength: 2, maxLength: 5 }), (parts) => {
        const text = parts.join('\n\n')
        const { container, rerender, unmount } = render(<StreamingMarkdown content={text} />)
        const final = visibleText(container)
        let previous = ''
        for (let end = 1; end <= text.length; end += 1) {
          rerender(<StreamingMarkdown content={text.slice(0, end)} streaming />)
          const frame = visibleText(container)
          if (!final.startsWith(frame) || !frame.startsWith(previous)) {
            unmount()
            throw new Error(
              `at ${JSON.stringify(text.slice(0, end))}: ${JSON.stringify(frame)} after ${JSON.stringify(previous)}`,
            )
          }
          previous = frame
        }
        unmount()
      }),
      { numRuns: 60, seed: 20_261_124 },
    )
  })

  it('is safe at every prefix', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(document_, (text) => {
        const { container, rerender, unmount } = render(<StreamingMarkdown content="" streaming />)
        for (let end = 1; end <= text.length; end += 1) {
          rerender(<StreamingMarkdown content={text.slice(0, end)} streaming={end < text.length} />)
          const problem = unsafe(container)
          if (problem) {
            unmount()
            throw new Error(`unsafe at ${end}: ${problem}`)
          }
        }
        unmount()
      }),
      { numRuns: 40, seed: 20_261_124 },
    )
  })
})
