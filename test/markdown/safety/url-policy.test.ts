import { createUrlPolicy, sanitizeUrl, srcsetUrls } from 'react-agent-stream/markdown'
import { describe, expect, it } from 'vitest'

describe('createUrlPolicy', () => {
  const policy = createUrlPolicy({ allowedImageOrigins: ['https://img.example.com'] })

  it('allows http, https, mailto, tel and relative links', () => {
    for (const url of [
      'https://a.dev',
      'http://a.dev',
      'mailto:a@b.c',
      'tel:+1',
      '/docs',
      '#top',
      'page?q=1',
    ]) {
      expect(policy.check(url, 'link')).toEqual({ action: 'allow', url })
    }
  })

  it('blocks javascript:, vbscript: and data: links however they are disguised', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0001javascript:alert(1)',
      'vbscript:msgbox(1)',
      'data:text/html,<script>alert(1)</script>',
      'data:image/png;base64,AAAA',
      'file:///etc/passwd',
    ]) {
      expect(policy.check(url, 'link')).toMatchObject({ action: 'block', reason: 'protocol' })
    }
  })

  it('loads resources only from allow-listed or same origins; others become click-to-load', () => {
    expect(policy.check('https://img.example.com/a.png', 'resource').action).toBe('allow')
    expect(policy.check('/local.png', 'resource').action).toBe('allow')
    expect(policy.check('https://evil.test/p.gif?c=secret', 'resource')).toEqual({
      action: 'click-to-load',
      url: 'https://evil.test/p.gif?c=secret',
      origin: 'https://evil.test',
    })
    expect(policy.check('//evil.test/p.gif', 'resource').action).toBe('click-to-load')
    expect(policy.check('\\\\evil.test/p.gif', 'resource').action).toBe('click-to-load')
    expect(policy.check('https://img.example.com.evil.test/a.png', 'resource').action).toBe('click-to-load')
  })

  it('allows only allow-listed data: image types for resources', () => {
    expect(policy.check('data:image/png;base64,AAAA', 'resource').action).toBe('allow')
    expect(policy.check('data:image/svg+xml,<svg onload=alert(1)>', 'resource').action).toBe('block')
    expect(policy.check('data:text/html,x', 'resource').action).toBe('block')
    expect(policy.check('javascript:alert(1)', 'resource').action).toBe('block')
  })

  it('checks every srcset candidate (the picture/srcset bypass)', () => {
    expect(policy.checkSrcset('https://img.example.com/a.png 1x, https://evil.test/b.png 2x').action).toBe(
      'click-to-load',
    )
    expect(policy.checkSrcset('/a.png 1x, /b.png 2x').action).toBe('allow')
    expect(policy.checkSrcset('javascript:alert(1) 1x').action).toBe('block')
    expect(srcsetUrls('a.png 1x,b.png 2x, data:image/png;base64,AA,BB 3x')).toEqual([
      'a.png',
      'b.png',
      'data:image/png;base64,AA,BB',
    ])
  })

  it('applies one decision to every URL-bearing attribute', () => {
    expect(policy.sanitizeAttribute('href', 'javascript:alert(1)')).toBeUndefined()
    expect(policy.sanitizeAttribute('poster', 'https://evil.test/p.png')).toBeUndefined()
    expect(policy.sanitizeAttribute('cite', 'vbscript:x')).toBeUndefined()
    expect(policy.sanitizeAttribute('formAction', 'javascript:x')).toBeUndefined()
    expect(policy.sanitizeAttribute('ping', 'https://evil.test/')).toBeUndefined()
    expect(policy.sanitizeAttribute('xLinkHref', 'https://evil.test/#x')).toBeUndefined()
    expect(policy.sanitizeAttribute('srcSet', 'https://evil.test/a.png 1x')).toBeUndefined()
    expect(policy.sanitizeAttribute('title', 'javascript:kept-as-text')).toBe('javascript:kept-as-text')
  })

  it('inert-links a streaming link placeholder', () => {
    expect(policy.check('ras-incomplete:link', 'link')).toEqual({ action: 'block', reason: 'incomplete' })
  })

  it('tells external links from same-site ones', () => {
    expect(policy.isExternal('https://other.dev/x', 'https://site.dev')).toBe(true)
    expect(policy.isExternal('https://site.dev/x', 'https://site.dev')).toBe(false)
    expect(policy.isExternal('/x', 'https://site.dev')).toBe(false)
    expect(policy.isExternal('mailto:a@b.c', 'https://site.dev')).toBe(false)
  })

  it('lets apps add link protocols', () => {
    expect(sanitizeUrl('vscode://file/x', 'link')).toBeUndefined()
    expect(sanitizeUrl('vscode://file/x', 'link', { allowedLinkProtocols: ['https', 'vscode'] })).toBe(
      'vscode://file/x',
    )
  })

  it('stays linear on a huge data URI', () => {
    const url = `data:image/png;base64,${'A'.repeat(5_000_000)}`
    expect(policy.check(url, 'resource').action).toBe('allow')
    expect(policy.check(`javascript:${'A'.repeat(5_000_000)}`, 'link').action).toBe('block')
  })
})
