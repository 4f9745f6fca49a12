// The tail repair cases found by streaming the markdown corpus (issue 16): what an open bracket
// shows, tables in containers, HTML blocks, lines that may be definitions. Each shows a prefix of
// what the finished text renders.
import { createElement } from 'react'
import { INCOMPLETE_LINK_URL, repairBlock } from 'react-agent-stream/markdown'
import { renderToStaticMarkup } from 'react-dom/server'
import Markdown from 'react-markdown'
import remarkGfm from 'remark-gfm'
import { describe, expect, it } from 'vitest'

const link = `](${INCOMPLETE_LINK_URL})`

function visibleText(markdown: string): string {
  return renderToStaticMarkup(createElement(Markdown, { remarkPlugins: [remarkGfm] }, markdown))
    .replace(/<[^>]*>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
}

/** Every prefix of `text`, repaired with `options`, shows a prefix of the finished text. */
function expectPrefixes(text: string, options: Parameters<typeof repairBlock>[1] = {}): void {
  const final = visibleText(text)
  for (let end = 1; end <= text.length; end += 1) {
    const shown = visibleText(repairBlock(text.slice(0, end), options))
    expect(
      final.startsWith(shown),
      `${JSON.stringify(text.slice(0, end))} shows ${JSON.stringify(shown)}`,
    ).toBe(true)
  }
}

describe('repairBlock: an open bracket', () => {
  it('shows a pending link by default, and literal text when the document reads brackets as text', () => {
    expect(repairBlock('See [the do')).toBe(`See [the do${link}`)
    expect(repairBlock('Updated dependencies [f0de', { openBracket: 'literal' })).toBe(
      'Updated dependencies [f0de',
    )
  })

  it('is a link once its `](` or `][` has arrived, whatever the document reads', () => {
    expect(repairBlock('See [docs](https://exa', { openBracket: 'literal' })).toBe(`See [docs${link}`)
    expect(repairBlock('See [docs][d', { openBracket: 'literal' })).toBe(`See [docs${link}`)
  })

  it('keeps indexes, data and alert markers literal', () => {
    expect(repairBlock('Read arr[0')).toBe('Read arr[0')
    expect(repairBlock('Read m[5][0')).toBe('Read m[5')
    expect(repairBlock('Pass ["node", "req')).toBe('Pass ["node", "req')
    expect(repairBlock('A [[1], [2')).toBe('A [[1], [2')
    expect(repairBlock('> [!NOT')).toBe('> [!NOT')
    expect(repairBlock('[![CI][ci-badge]][c')).toBe(`[![CI][ci-badge]${link}`)
  })

  it('makes the outermost open bracket the pending link, brackets inside it text', () => {
    expect(repairBlock('* [.preceding(object, [opt')).toBe(`* [.preceding(object, \\[opt${link}`)
    expectPrefixes('* [.preceding(object, [options])](#preceding) and more')
  })
})

describe('repairBlock: inline code and emphasis that stay literal', () => {
  it('leaves three or more backticks in a paragraph as text until a closer arrives', () => {
    expect(repairBlock('fences (``` and ~~~, indented')).toBe('fences (``` and ~~~, indented')
    expectPrefixes('fences (``` and ~~~, indented inside lists), tables')
  })

  it('never closes a quoted lone delimiter as emphasis', () => {
    expect(repairBlock('If you append a "*" to the end')).toBe('If you append a "*" to the end')
    expectPrefixes('Append \'_\' or a "*" to the name to match all.')
  })
})

describe('repairBlock: tables', () => {
  it('shows a table inside a list item or a quote with its delimiter row in the same container', () => {
    expect(repairBlock('- item:\n\n  | a | b')).toBe('- item:\n\n  | a | b\n  | --- | --- |')
    expect(repairBlock('> | q | t |\n> | -')).toBe('> | q | t |\n> | --- | --- |')
    expectPrefixes('- item with table:\n\n  | a | b |\n  | - | - |\n  | 1 | 2 |')
    expectPrefixes('> | q | t |\n> | - | - |\n> | 1 | 2 |')
  })

  it('shows a table that interrupts a paragraph, but not in a list item, where the row is lazy text', () => {
    expect(repairBlock('Para before table\n| a | b')).toBe('Para before table\n| a | b\n| --- | --- |')
    expect(repairBlock('- item\n| a | b')).toBe('- item\n| a | b')
    expectPrefixes('Para before table\n| a | b |\n| - | - |\n| 1 | 2 |')
  })

  it('holds a trailing backslash in a row: it may escape the next pipe, even in code', () => {
    expect(repairBlock('| a | b |\n| - | - |\n| `array\\')).toBe('| a | b |\n| - | - |\n| `array`')
    expectPrefixes('| a | b |\n| - | - |\n| `array\\|string` | x |')
  })
})

describe('repairBlock: HTML blocks and definitions', () => {
  it('leaves an open HTML block verbatim (an open comment closes nothing inside it)', () => {
    const comment = '<!--\n  Notes:\n\n  * update the `com'
    expect(repairBlock(comment)).toBe(comment)
    expect(repairBlock('<div align="center">\n  <img src="x.png" alt="**b')).toBe(
      '<div align="center">\n  <img src="x.png" alt="**b',
    )
  })

  it('holds a line that may still be a definition, after other definitions too', () => {
    // Definitions render nothing: the complete ones before may be held too.
    expect(visibleText(repairBlock('[a]: https://a.dev\n[b]: https://b.d'))).toBe('')
    expect(repairBlock('[a]:\n  https://a.dev\n[b', { referenceDefinitions: true })).not.toContain('[b')
    // A definition cannot interrupt a paragraph: that line is text.
    expect(repairBlock('Para\n[b]: the rest')).toBe('Para\n[b]: the rest')
  })

  it('holds a leading bracket when the text writes references, until what follows its `]` tells', () => {
    expect(repairBlock('[api-allow-e', { referenceDefinitions: true })).toBe('')
    expect(repairBlock('[api]', { referenceDefinitions: true })).toBe('')
    expect(repairBlock('[api] is', { referenceDefinitions: true })).toBe('[api] is')
    expect(repairBlock('[api-allow-e')).toBe(`[api-allow-e${link}`)
  })

  it('holds a list item that reads as a definition until its line is complete', () => {
    expect(repairBlock('* [#773]: Add')).toBe('')
    expect(visibleText(repairBlock('Fixed:\n\n* [#773]: Add'))).toBe('Fixed:')
    expect(repairBlock('* [#773]: Add package.json\n')).toBe('* [#773]: Add package.json\n')
  })

  it('holds a bare quote marker line', () => {
    expect(repairBlock('> quote\n>')).toBe('> quote')
  })
})
