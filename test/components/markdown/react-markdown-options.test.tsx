import { render } from '@testing-library/react'
import { type AllowElement, StreamingMarkdown, type UrlTransform } from 'react-agent-stream'
import { describe, expect, it } from 'vitest'
import { fixtures, streamAndCompare } from '../streaming-markdown.helpers.js'

const answer = (fixtures.find(([name]) => name === 'react-hooks-answer.md') ?? fixtures[0])?.[1] ?? ''

const mixed = [
  '# Title with a [link](https://example.com/a)',
  '',
  'Text with **bold**, `code`, ![pic](data:image/png;base64,iVBORw0KGgo=) and <b>raw bold</b>.',
  '',
  '| a | b |',
  '| - | - |',
  '| 1 | 2 |',
  '',
  '- [ ] task with a [local link](/docs)',
  '',
  'A note[^n] and <span title="x">a span</span>.',
  '',
  '[^n]: The note text.',
  '',
].join('\n')

describe("react-markdown's options under the same names", () => {
  it('disallowedElements removes those tags, streaming and final, as react-markdown does', () => {
    const { ours, oneShot } = streamAndCompare(mixed, { disallowedElements: ['img', 'table', 'h1'] })
    expect(ours).toBe(oneShot)
    expect(ours).not.toMatch(/<img|<table|<h1/)
    expect(ours).toContain('<strong>bold</strong>')
  })

  it('allowedElements with unwrapDisallowed keeps the text of unwrapped elements in place', () => {
    const props = { allowedElements: ['p', 'strong', 'code', 'ul', 'li'], unwrapDisallowed: true }
    const { ours, oneShot } = streamAndCompare(mixed, props)
    expect(ours).toBe(oneShot)
    expect(ours).toContain('Title with a link')
    expect(ours).not.toMatch(/<a |<h1|<table|<section/)
    const { container } = render(<StreamingMarkdown content={mixed} {...props} />)
    expect(container.textContent).toContain('The note text.')
  })

  it('allowElement decides per element, with its index and parent', () => {
    const seen: string[] = []
    const allowElement: AllowElement = (element, index, parent) => {
      if (parent.type === 'root') seen.push(`${element.tagName}@${index}`)
      return !(element.tagName === 'a' && String(element.properties.href ?? '').startsWith('https:'))
    }
    const { ours, oneShot } = streamAndCompare(mixed, { allowElement })
    expect(ours).toBe(oneShot)
    expect(ours).not.toContain('example.com')
    expect(ours).toContain('href="/docs"')
    expect(seen).toContain('h1@0')
  })

  it('skipHtml drops raw HTML that is not allow-listed instead of showing it as text', () => {
    const { ours, oneShot } = streamAndCompare(mixed, { skipHtml: true })
    expect(ours).toBe(oneShot)
    expect(ours).not.toContain('&lt;b')
    expect(ours).toContain('raw bold')
    const shown = streamAndCompare(mixed)
    expect(shown.ours).toContain('&lt;b>raw bold&lt;/b>')
  })

  it('remarkRehypeOptions labels the footnote section (for another language)', () => {
    const remarkRehypeOptions = {
      footnoteLabel: 'Anmerkungen',
      footnoteBackLabel: (reference: number) => `Zurück zu Anmerkung ${reference + 1}`,
    }
    const { ours, oneShot } = streamAndCompare(mixed, { remarkRehypeOptions })
    expect(ours).toBe(oneShot)
    expect(ours).toContain('Anmerkungen')
    expect(ours).toContain('Zurück zu Anmerkung 1')
  })

  it('streams a long answer with filters and ends equal to react-markdown with the same filters', () => {
    const { ours, oneShot } = streamAndCompare(answer, {
      disallowedElements: ['pre', 'blockquote'],
      unwrapDisallowed: true,
      skipHtml: true,
    })
    expect(ours).toBe(oneShot)
    expect(ours).not.toMatch(/<pre|<blockquote/)
  })

  it('urlTransform rewrites URLs before the policy checks them (relative links, an image proxy)', () => {
    const text = 'See [the docs](/docs/start) and ![chart](https://img.test/c.png "Chart").\n'
    const urlTransform: UrlTransform = (url, key) =>
      key === 'src'
        ? `https://images.example.com/proxy?u=${encodeURIComponent(url)}`
        : new URL(url, 'https://example.com').href
    const props = { urlTransform, allowedImageOrigins: ['https://images.example.com'] }
    const { container } = render(<StreamingMarkdown content={text} {...props} />)
    const link = container.querySelector('a')
    expect(link?.getAttribute('href')).toBe('https://example.com/docs/start')
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer')
    expect(container.querySelector('img')?.getAttribute('src')).toBe(
      'https://images.example.com/proxy?u=https%3A%2F%2Fimg.test%2Fc.png',
    )
    const { ours, oneShot } = streamAndCompare(text, { urlTransform })
    expect(ours).toBe(oneShot)
  })

  it('checks what urlTransform returns, drops a URL it nulls, and never hands it a half-streamed URL', () => {
    const seen: string[] = []
    const urlTransform: UrlTransform = (url) => {
      seen.push(url)
      if (url.includes('drop')) return null
      return url.includes('evil') ? 'javascript:alert(1)' : `https://proxy.example/?u=${url}`
    }
    const { container, rerender } = render(
      <StreamingMarkdown content="Read [the docs](https://exa" streaming urlTransform={urlTransform} />,
    )
    expect(container.querySelector('a')?.getAttribute('href') ?? null).toBeNull()
    expect(seen).toEqual([])
    rerender(
      <StreamingMarkdown
        content="[a](https://evil.test) and [b](https://drop.test)"
        urlTransform={urlTransform}
      />,
    )
    const links = [...container.querySelectorAll('a')]
    expect(links.map((link) => link.getAttribute('href'))).toEqual([null, null])
    expect(links[0]?.getAttribute('data-blocked')).toBe('protocol')
    expect(seen).toEqual(['https://evil.test', 'https://drop.test'])
  })

  it('filters after the safety pass: a filter cannot bring back what the policy removed', () => {
    const text = 'A [bad](javascript:alert(1)) link and <script>alert(2)</script> text.'
    const { container } = render(
      <StreamingMarkdown content={text} allowedElements={['p', 'a', 'script']} allowElement={() => true} />,
    )
    expect(container.querySelector('script')).toBeNull()
    expect(container.querySelector('a')?.getAttribute('href') ?? null).toBeNull()
  })
})
