import fc from 'fast-check'
import { createElement } from 'react'
import { INCOMPLETE_LINK_URL, repairMarkdown } from 'react-agent-stream/markdown'
import { renderToStaticMarkup } from 'react-dom/server'
import Markdown, { defaultUrlTransform } from 'react-markdown'
import remarkGfm from 'remark-gfm'
import { describe, expect, it } from 'vitest'

/** U+2060 WORD JOINER: what the repair puts before a dot GFM would link from. It has no glyph. */
const wordJoiner = '\u2060'

function decode(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
}

/**
 * A react-markdown + remark-gfm render: its hrefs, and its text as a reader sees it (whitespace
 * collapsed, no word joiner). The inert destination of a link still streaming gets no href, as under
 * StreamingMarkdown's URL policy (react-markdown alone would write `href=""`).
 */
function render(markdown: string): { text: string; hrefs: string[] } {
  const html = renderToStaticMarkup(
    createElement(
      Markdown,
      {
        remarkPlugins: [remarkGfm],
        urlTransform: (url: string) => (url === INCOMPLETE_LINK_URL ? undefined : defaultUrlTransform(url)),
      },
      markdown,
    ),
  )
  const hrefs = [...html.matchAll(/ href="([^"]*)"/g)].map((match) => decode(match[1] ?? ''))
  const text = decode(html.replace(/<[^>]*>/g, ''))
    .replaceAll(wordJoiner, '')
    .replace(/\s+/g, ' ')
    .trim()
  return { text, hrefs }
}

/** Every prefix of `text`, repaired and rendered: what differs from the final render, if anything. */
function streamingProblems(text: string): string[] {
  const final = render(text)
  const problems: string[] = []
  for (let end = 1; end < text.length; end += 1) {
    const prefix = text.slice(0, end)
    const repaired = repairMarkdown(prefix)
    const frame = render(repaired)
    const at = `${JSON.stringify(prefix)} -> ${JSON.stringify(repaired)}`
    if (!final.text.startsWith(frame.text)) problems.push(`${at} shows ${JSON.stringify(frame.text)}`)
    for (const href of frame.hrefs) if (!final.hrefs.includes(href)) problems.push(`${at} links ${href}`)
    if (repairMarkdown(repaired) !== repaired) problems.push(`${at} changes when repaired again`)
  }
  return problems
}

const literalForms: [string, string][] = [
  ['www', 'Visit www.example.com/docs today.'],
  ['e-mail', 'Write to first.last+tag@mail.example.co.uk, please.'],
  ['https', 'See https://example.com/a_b?c=1&d=2#top. Next'],
  ['http with ~ and _ in the path', 'Old http://example.org/~user/_next/page works'],
  ['mailto:', 'Mail mailto:team@example.com now'],
  ['xmpp:', 'Chat xmpp:bot@example.com/home now'],
  ['upper-case www', 'Visit WWW.EXAMPLE.COM now'],
  ['<https://...> autolink', 'Visit <https://example.com/a_b> now'],
  ['<e-mail> autolink', 'Mail <team@example.com> now'],
]

const literalContexts: [string, string][] = [
  ['in strong text', '**Bold www.example.com** then more'],
  ['in emphasis before a period', '*see https://example.com*. Next'],
  ['in strikethrough', '~~old www.example.com~~ new'],
  ['an e-mail in underscore emphasis', '_mail first@example.com_ ok'],
  ['in parentheses, with a balanced ) in the path', '(see www.example.com/a_(b)) and more'],
  ['before a comma', 'At https://example.com/path, then more'],
  ['before a full stop', 'End at www.example.com. Then more'],
  ['as link text', '[docs at https://example.com/x](https://example.com/x) ok'],
  ['before a link', 'Go www.example.com[docs](https://ok.dev) ok'],
  ['before a code span', 'Try www.example.com`code` ok'],
  ['in a heading', '## See www.example.com\n\nmore'],
  ['in a table cell', '| site | www.example.com |\n| - | - |\n'],
  ['in a list item', '- see www.example.com\n- next'],
  ['in a block quote', '> see www.example.com\n\nok'],
  ['across lines', 'see www.example.com\nand https://example.org/a\nend'],
]

describe('repairMarkdown: GFM autolink literals while they stream', () => {
  it.each(literalForms)(
    '%s: every prefix shows a prefix of the final text and links nothing but final URLs',
    (_form, text) => {
      expect(streamingProblems(text)).toEqual([])
    },
  )

  it.each(literalContexts)(
    'a literal %s: every prefix shows a prefix of the final text and links nothing but final URLs',
    (_context, text) => {
      expect(streamingProblems(text)).toEqual([])
    },
  )

  it.each(literalForms.slice(0, 7))(
    '%s: shows the literal at once, holding back at most one character',
    (_form, text) => {
      // A lone `&` may start an entity: held for one character, as everywhere else.
      for (let end = 1; end < text.length; end += 1) {
        const shown = render(repairMarkdown(text.slice(0, end))).text
        const typed = text.slice(0, end).replace(/\s+/g, ' ').trim()
        expect(typed.startsWith(shown)).toBe(true)
        expect(typed.length - shown.length).toBeLessThanOrEqual(1)
      }
    },
  )

  it('shows a half www, e-mail or dotted http literal as text, not as a link to a truncated URL', () => {
    expect(repairMarkdown('Visit www.exa')).toBe(`Visit www${wordJoiner}.exa`)
    expect(repairMarkdown('Mail user@exa.co')).toBe(`Mail user@exa${wordJoiner}.co`)
    expect(repairMarkdown('See https://exa.co/x')).toBe(`See https\\://exa${wordJoiner}.co/x`)
    for (const partial of ['Visit www.exa', 'Mail user@exa.co', 'See https://exa.co/x']) {
      expect(render(repairMarkdown(partial))).toEqual({ text: partial, hrefs: [] })
    }
  })

  it('uses an invisible backslash escape alone where it is enough', () => {
    // micromark links `https://exa` without a dot; the remark-gfm transform needs one.
    expect(repairMarkdown('Visit https://exa')).toBe('Visit https\\://exa')
    // No e-mail literal without a dot in the domain: nothing to change.
    expect(repairMarkdown('Mail user@exa')).toBe('Mail user@exa')
  })

  it('needs the word joiner: remark-gfm links www and e-mail literals after decoding escapes', () => {
    // mdast-util-gfm-autolink-literal 2.x finds literals again in decoded text: if this ever stops
    // linking, an escaped dot would do and the word joiner could go.
    expect(render('Visit www\\.exa').hrefs).toEqual(['http://www.exa'])
    expect(render('Mail user\\@exa.co').hrefs).toEqual(['mailto:user@exa.co'])
    expect(render('See https\\://exa.co').hrefs).toEqual(['https://exa.co'])
  })

  it('links a literal once whitespace or a line end follows it', () => {
    expect(repairMarkdown('Visit www.example.com ')).toBe('Visit www.example.com ')
    expect(render(repairMarkdown('Visit www.example.com ')).hrefs).toEqual(['http://www.example.com'])
    expect(repairMarkdown('Visit www.example.com\n')).toBe('Visit www.example.com\n')
    expect(repairMarkdown('Mail **user@example.com ')).toBe('Mail **user@example.com** ')
  })

  it('escapes markdown syntax inside a streaming URL, which is link text in the final render', () => {
    const repaired = repairMarkdown('see https://x.dev/_a*b*~c')
    expect(render(repaired)).toEqual({ text: 'see https://x.dev/_a*b*~c', hrefs: [] })
  })

  it('keeps trailing punctuation out of the URL: a closer after it still closes', () => {
    expect(render(repairMarkdown('*see https://example.com*')).text).toBe('see https://example.com')
    expect(repairMarkdown('*see https://example.com*')).toBe(`*see https\\://example${wordJoiner}.com*`)
  })

  it('adds no closer for a * _ or ~ inside a URL (regression: a stray _ or ~ showed after /_next or /~user)', () => {
    expect(repairMarkdown('see https://x.dev/_next/a and more')).toBe('see https://x.dev/_next/a and more')
    expect(repairMarkdown('home https://x.dev/~me and more')).toBe('home https://x.dev/~me and more')
    expect(repairMarkdown('[https://x.dev/~me')).toBe(`[https://x.dev/~me](${INCOMPLETE_LINK_URL})`)
  })

  it('shows a <...> autolink as an inert link while its > is missing', () => {
    expect(repairMarkdown('Visit <https://exa.co/a_b')).toBe(
      `Visit [https\\:\\/\\/exa\\.co\\/a\\_b](${INCOMPLETE_LINK_URL})`,
    )
    expect(render(repairMarkdown('Visit <https://exa.co/a_b'))).toEqual({
      text: 'Visit https://exa.co/a_b',
      hrefs: [],
    })
    // `<https` may still be a tag: held until the `:` arrives.
    expect(repairMarkdown('Visit <https')).toBe('Visit')
    expect(repairMarkdown('Mail <team@exa')).toBe(`Mail [team\\@exa](${INCOMPLETE_LINK_URL})`)
  })

  // Forty generated documents, every prefix of each: seconds of CPU on a loaded 2-core machine.
  it('is idempotent, shows prefixes of the final text and links no truncated URL (property)', () => {
    const literal = fc.constantFrom(
      'www.example.com',
      'https://example.com/a_b?q=1&r=2#top',
      'http://x.org/~user/_next',
      'first.last+tag@mail.example.org',
      'mailto:team@example.com',
      'xmpp:bot@example.com/home',
      '<https://example.com/x>',
      '<me@example.com>',
      'WWW.EXAMPLE.COM/Path',
      'https://example.com/(a)_b',
    )
    const word = fc.constantFrom('see', 'the', 'docs', 'at', 'mail', 'x')
    const wrap = fc.constantFrom(
      (value: string) => value,
      (value: string) => `**${value}**`,
      (value: string) => `*${value}*`,
      (value: string) => `_${value}_`,
      (value: string) => `~~${value}~~`,
      (value: string) => `(${value})`,
      (value: string) => `[${value}](https://ok.dev)`,
      (value: string) => `\`${value}\``,
      (value: string) => `"${value}"`,
    )
    const punctuation = fc.constantFrom('', '', '.', ',', ')', '!', '?', ':', ';')
    const token = fc
      .tuple(fc.oneof(literal, word), wrap, punctuation)
      .map(([value, around, after]) => around(value) + after)
    const separator = fc.constantFrom(' ', ' ', '\n', '\n\n', '\n- ', '\n> ')
    const text = fc.array(fc.tuple(token, separator), { minLength: 1, maxLength: 5 }).map((parts) =>
      parts
        .map(([value, after]) => value + after)
        .join('')
        .trimEnd(),
    )
    fc.assert(
      fc.property(text, (markdown) => {
        expect(streamingProblems(markdown)).toEqual([])
      }),
      { numRuns: 40, seed: 20_261_124 },
    )
  }, 30_000)
})
