import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createMarkdownPipeline } from '../../../src/components/markdown/pipeline.js'
import { createUrlPolicy, splitBlocks } from '../../../src/markdown/index.js'

const policy = createUrlPolicy()
const fast = createMarkdownPipeline({ policy })
// Any markdown-phase plugin turns the open-fence shortcut off: this pipeline always runs micromark.
const full = createMarkdownPipeline({ policy, remarkPlugins: [() => () => undefined] })

const sources = [
  '```ts\nconst a = 1\n\nconst b = `x`\n  indented\n\t\ttabs\n``\n````\n~~~\n',
  '~~~python title="x.py"\ndef f():\n    return "```"\n\n\n',
  '````md\n```js\ninner fence\n```\nstill inside\n',
  '```c\\+\\+ &amp; more\nint main() {}\n',
  '```\nno info string\n   ```not a closer\n',
  '~~~~\n~~~\n~~~ x\n',
  // The planner puts definitions first: stubs for `[x][y]` found in code, or real definitions.
  '[a-za-z0-9]: ras-incomplete:link\n\n[b]: https://example.com "T"\n\n```js\nconst re = /[a-z][A-Z]/\n',
  '[not a definition\n```ts\ncode after a paragraph\n',
  '```\nfirst fence still open\n```js\nnot an opener\n',
  `\`\`\`ts\n${readFileSync('test/fixtures/code/multiline-state.ts.txt', 'utf8')}`,
]

/** Where the opener of the unindented fence the source ends in starts, as the planner reads it from the splitter. */
function fenceStart(source: string): number {
  const open = splitBlocks(source).blocks.at(-1)
  const fence = open?.openFence
  return open && fence && fence.indent === 0 && !fence.list ? open.start + fence.start : -1
}

function expectSameTree(source: string) {
  expect(fast.parse(source, fenceStart(source))).toEqual(full.parse(source))
}

describe('an open code fence without the full parse', () => {
  it('gives the same tree as micromark for every prefix of fence-only sources', () => {
    for (const source of sources) {
      for (let end = 1; end <= source.length; end += 1) expectSameTree(source.slice(0, end))
    }
  })

  it('gives the same tree for generated fences (property)', () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL on purpose (micromark turns it into U+FFFD)
    const line = fc.stringMatching(/^[ \t`~a-z*_<>&;\\#\u0000-]{0,12}$/)
    fc.assert(
      fc.property(
        fc.constantFrom('```', '````', '~~~', '~~~~'),
        fc.stringMatching(/^[a-z+\\&; {}-]{0,10}$/),
        fc.array(line, { maxLength: 8 }),
        (fence, info, lines) => {
          const source = `${fence}${info}\n${lines.join('\n')}`
          for (let end = 1; end <= source.length; end += 1) expectSameTree(source.slice(0, end))
        },
      ),
      { seed: 20_261_203, numRuns: 300 },
    )
  })

  it('gives the same tree when text comes before the fence in its block', () => {
    for (const source of [
      'Text\n```ts\ncode\n',
      '# Title\n```ts\ncode\n',
      '- item\n```ts\ncode\n',
      '> quote\n```ts\ncode\n',
      '| a |\n| - |\n| 1 |\n```ts\ncode\n',
      'Setext\n===\n```\n===\n',
      '<div>\n```ts\nstill html\n',
    ]) {
      for (let end = 1; end <= source.length; end += 1) expectSameTree(source.slice(0, end))
    }
    expect(fenceStart('Text\n```ts\ncode\n')).toBe(5)
  })

  it('leaves sources that are not one open unindented fence to the full parse', () => {
    for (const source of [
      '  ```ts\nindented opener\n',
      '```ts\ncode\n```\nafter the closer\n',
      '```ts\r\ncode\r\n',
      '```ts\ncode with \u0000 in it\n',
      '> ```ts\n> quoted\n',
      '- ```ts\n  in a list\n',
    ]) {
      expectSameTree(source)
    }
    expect(fenceStart('```ts\ncode\n```\nafter the closer\n')).toBe(-1)
    expect(fenceStart('> ```ts\n> quoted\n')).toBe(-1)
  })

  it('leaves fences to the full parse when a custom handler could depend on the code text', () => {
    const withHandler = createMarkdownPipeline({
      policy,
      remarkRehypeOptions: {
        handlers: {
          code: (_state, node: { value: string; position?: never }) => ({
            type: 'element',
            tagName: 'pre',
            properties: { dataLength: String(node.value.length) },
            position: node.position,
            // The shape of the default handler, so only the guard keeps the shortcut off.
            children: [
              {
                type: 'element',
                tagName: 'code',
                properties: {},
                position: node.position,
                children: [{ type: 'text', value: node.value ? `${node.value}\n` : '' }],
              },
            ],
          }),
        },
      },
    })
    const pre = withHandler.parse('```ts\nconst answer = 42\n', 0).children[0]
    expect(pre?.type === 'element' ? pre.properties.dataLength : undefined).toBe('17')
  })

  it('runs HTML plugins on the finished tree, with the code text in it', () => {
    const seen: string[] = []
    const withPlugin = createMarkdownPipeline({
      policy,
      rehypePlugins: [
        () => (tree: { children: { children?: { children?: { value?: string }[] }[] }[] }) => {
          seen.push(tree.children[0]?.children?.[0]?.children?.[0]?.value ?? '')
        },
      ],
    })
    withPlugin.parse('```ts\nconst answer = 42\n', 0)
    expect(seen).toEqual(['const answer = 42\n'])
  })
})
