import { describe, expect, it } from 'vitest'
import { createUrlPolicy } from '../../../src/markdown/index.js'
import { rehypeSafety } from '../../../src/markdown/safety/rehype-safety.js'
import { sanitizeStyle } from '../../../src/markdown/safety/safe-style.js'
import type { Element, Root } from '../../../src/markdown/tree/hast.js'

function span(style: string): Element {
  return { type: 'element', tagName: 'span', properties: { className: ['strut'], style }, children: [] }
}

function runSafety(tree: Root, allowedHtml?: Record<string, string[]>): Root {
  rehypeSafety({ policy: createUrlPolicy(), ...(allowedHtml ? { allowedHtml } : {}) })(tree)
  return tree
}

describe('sanitizeStyle', () => {
  it('keeps the layout declarations KaTeX writes', () => {
    expect(sanitizeStyle('height:0.8641em;vertical-align:-0.25em;')).toBe(
      'height:0.8641em;vertical-align:-0.25em',
    )
    expect(sanitizeStyle('top:-3.063em;margin-right:0.05em')).toBe('top:-3.063em;margin-right:0.05em')
    expect(sanitizeStyle('position:relative;top:0.1em')).toBe('position:relative;top:0.1em')
    expect(sanitizeStyle('color:#cc0000;border-right-width:0.04em')).toBe(
      'color:#cc0000;border-right-width:0.04em',
    )
    expect(sanitizeStyle('background-color: rgb(255 0 0 / 50%)')).toBe('background-color:rgb(255 0 0 / 50%)')
    expect(sanitizeStyle('text-shadow:0.02em 0.01em 0.04px')).toBe('text-shadow:0.02em 0.01em 0.04px')
  })

  it('drops declarations that could load a resource, run code or overlay the page', () => {
    for (const style of [
      'background:url(https://evil.test/pixel.png)',
      'background-color:url(https://evil.test/pixel.png)',
      'color:red;background-image:image-set("https://evil.test/a.png" 1x)',
      'width:expression(alert(1))',
      'height:var(--x)',
      'color:\\75 rl(https://evil.test)',
      'position:fixed;top:0;left:0',
      'position:absolute',
      'behavior:url(x.htc)',
      '-moz-binding:url(x.xml)',
      'content:"x"',
      'color:red !important',
      'list-style:url(https://evil.test/a.png)',
    ]) {
      const kept = sanitizeStyle(style) ?? ''
      expect(kept, style).not.toMatch(
        /url|image-set|expression|var\(|\\|fixed|absolute|binding|content|important/i,
      )
    }
    expect(sanitizeStyle('position:fixed;top:0;left:0')).toBe('top:0;left:0')
    expect(sanitizeStyle('background:url(x)')).toBeUndefined()
  })
})

describe('rehypeSafety and inline styles', () => {
  it('keeps sanitised plugin styles and removes a style with nothing safe left', () => {
    const tree = runSafety({
      type: 'root',
      children: [span('height:0.6944em;background:url(https://evil.test/x)'), span('position:fixed')],
    })
    const [kept, dropped] = tree.children as Element[]
    expect(kept?.properties.style).toBe('height:0.6944em')
    expect(dropped?.properties).not.toHaveProperty('style')
  })

  it('drops a style property spelled in another case, which would bypass the check', () => {
    const element = span('height:1em')
    element.properties = { Style: 'position:fixed', SrcDoc: '<script>', OnClick: 'x' }
    runSafety({ type: 'root', children: [element] })
    expect(element.properties).toEqual({})
  })

  it('never keeps a style from raw HTML, even when the allow-list names it', () => {
    const tree = runSafety(
      {
        type: 'root',
        children: [
          {
            type: 'element',
            tagName: 'p',
            properties: {},
            children: [{ type: 'raw', value: '<span style="color:red" title="t">x</span>' }],
          },
        ],
      },
      { span: ['style', 'title'] },
    )
    const converted = (tree.children[0] as Element).children[0] as Element
    expect(converted.tagName).toBe('span')
    expect(converted.properties).toEqual({ title: 't' })
  })
})
