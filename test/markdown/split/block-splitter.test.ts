import { readdirSync, readFileSync } from 'node:fs'
import fc from 'fast-check'
import { createBlockSplitter, splitBlocks } from 'react-agent-stream/markdown'
import { describe, expect, it } from 'vitest'

const fixtureDirectory = new URL('../../fixtures/markdown/', import.meta.url)
const fixtures = readdirSync(fixtureDirectory).map((name) =>
  readFileSync(new URL(name, fixtureDirectory), 'utf8'),
)

function texts(text: string) {
  return splitBlocks(text).blocks.map((block) => block.text)
}

describe('splitBlocks', () => {
  it('splits at blank lines followed by unindented content', () => {
    expect(texts('# Title\n\nPara one\nstill one\n\nPara two')).toEqual([
      '# Title\n\n',
      'Para one\nstill one\n\n',
      'Para two',
    ])
  })

  it('keeps fenced code with blank lines in one block (backticks, tildes, longer fences)', () => {
    expect(texts('```\na\n\nb\n```\n\nafter')).toEqual(['```\na\n\nb\n```\n\n', 'after'])
    expect(texts('~~~\na\n\n```\n\nb\n~~~\n\nafter')).toEqual(['~~~\na\n\n```\n\nb\n~~~\n\n', 'after'])
    expect(texts('````\n```\n\nx\n```\n\ny\n````\n\nz')).toHaveLength(2)
  })

  it('keeps a loose list, and a fence inside a list item, in one block', () => {
    expect(texts('- a\n\n- b\n\n  ```\n  x\n\n  y\n  ```\n- c\n\nAfter')).toEqual([
      '- a\n\n- b\n\n  ```\n  x\n\n  y\n  ```\n- c\n\n',
      'After',
    ])
  })

  it('ends a list-item fence at an unindented line, as CommonMark does', () => {
    expect(texts('- a\n  ```\n  x\n\nout\n\nnext')).toEqual(['- a\n  ```\n  x\n\n', 'out\n\n', 'next'])
  })

  it('keeps an HTML comment with blank lines in one block', () => {
    expect(texts('<!--\n\nx\n\n-->\n\nafter')).toEqual(['<!--\n\nx\n\n-->\n\n', 'after'])
  })

  it('keeps $$ math with blank lines together only when math is on', () => {
    const text = '$$\na\n\nb\n$$\n\nafter'
    expect(splitBlocks(text, { math: true }).blocks).toHaveLength(2)
    expect(splitBlocks(text).blocks).toHaveLength(3)
  })

  it('collects reference definitions and footnotes instead of merging the document', () => {
    const split = splitBlocks(
      'See [docs][d] and a note[^n].\n\nMore.\n\n[d]: https://d.dev\n\n[^n]: The note.\n',
    )
    expect(split.blocks.map((block) => block.kind)).toEqual([
      'content',
      'content',
      'definitions',
      'footnote-definitions',
    ])
    expect(split.definitions.get('D')).toBe('[d]: https://d.dev')
    expect(split.footnoteDefinitions.has('N')).toBe(true)
    expect(split.blocks[0]?.footnoteReferences).toEqual(['N'])
    expect(split.blocks[0]?.linkLabels).toContain('D')
  })

  it('does not use a definition whose line is still streaming until the text is final', () => {
    expect(splitBlocks('x\n\n[d]: https://exa').definitions.has('D')).toBe(false)
    expect(createBlockSplitter().split('x\n\n[d]: https://exa.dev', true).definitions.has('D')).toBe(true)
  })

  it('reads definitions whose URL is on the next line, and keeps their titles with them', () => {
    const split = splitBlocks(
      'Text [a][] [b][] [c][].\n\n[a]: https://a.dev\n[b]:\n  https://b.dev\n  "B"\n[c]: https://c.dev\n',
    )
    expect(split.blocks.at(-1)?.kind).toBe('definitions')
    expect([...split.definitions]).toEqual([
      ['A', '[a]: https://a.dev'],
      ['B', '[b]:\n  https://b.dev\n  "B"'],
      ['C', '[c]: https://c.dev'],
    ])
  })

  it('keeps a block of definitions a definitions block while its last line may still be one', () => {
    const splitter = createBlockSplitter()
    expect(splitter.split('x\n\n[a]: https://a.dev\n[b').blocks.at(-1)?.kind).toBe('definitions')
    expect(splitter.split('x\n\n[a]: https://a.dev\n[b]:').blocks.at(-1)?.kind).toBe('definitions')
    expect(splitter.split('x\n\n[a]: https://a.dev\n[b] is text').blocks.at(-1)?.kind).toBe('content')
  })

  it('describes the references of a block outside code, and its bracket pairs', () => {
    const [block] = splitBlocks(
      'See [a][r], [b][], [c] and [x](https://x.dev), arr[0], `[code][r]` and a note[^1].',
    ).blocks
    expect(block?.references.map((use) => `${use.form}:${use.label}:${use.attached}`)).toEqual([
      'full:R:false',
      'collapsed:B:false',
      'shortcut:C:false',
      'shortcut:0:true',
    ])
    expect(block?.brackets).toEqual({ links: 3, literals: 1 })
    expect(block?.footnoteReferences).toEqual(['1'])
  })

  it('decides a boundary before a partial line when it cannot be a list item', () => {
    const splitter = createBlockSplitter()
    expect(splitter.split('- a\n\n-').blocks).toHaveLength(1)
    expect(splitter.split('- a\n\nT').blocks).toHaveLength(2)
  })

  it('returns settled blocks as the same objects while text is appended', () => {
    const splitter = createBlockSplitter()
    const first = splitter.split('One\n\nTwo\n\nThr').blocks
    const second = splitter.split('One\n\nTwo\n\nThree and more').blocks
    expect(second[0]).toBe(first[0])
    expect(second[1]).toBe(first[1])
    expect(second[2]?.text).toBe('Three and more')
    expect(second[2]?.settled).toBe(false)
  })

  it('starts over when the text is not an extension of the previous one', () => {
    const splitter = createBlockSplitter()
    splitter.split('One\n\nTwo')
    expect(splitter.split('Other\n\nText').blocks.map((block) => block.text)).toEqual(['Other\n\n', 'Text'])
    // The same length with one character changed early on, a shorter text, and a change in a settled block.
    expect(splitter.split('Otter\n\nText').blocks.map((block) => block.text)).toEqual(['Otter\n\n', 'Text'])
    expect(splitter.split('Otter\n\nTe').blocks.map((block) => block.text)).toEqual(['Otter\n\n', 'Te'])
    expect(splitter.split('Otter\n\nTe\n\nMore').blocks).toHaveLength(3)
    expect(splitter.split('Utter\n\nTe\n\nMore!').blocks[0]?.text).toBe('Utter\n\n')
  })

  it('keys blocks by their start offset', () => {
    expect(splitBlocks('a\n\nb').blocks.map((block) => block.key)).toEqual(['0', '3'])
  })

  it('splits every fixture the same incrementally, in any chunking, as in one pass', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.integer({ min: 1, max: 40 }), (text, chunk) => {
        const splitter = createBlockSplitter()
        let result = splitter.split('')
        for (let end = chunk; end < text.length + chunk; end += chunk)
          result = splitter.split(text.slice(0, end))
        expect(result.blocks.map((block) => block.text)).toEqual(texts(text))
      }),
      { numRuns: 40, seed: 20_261_124 },
    )
  })

  it('stays linear on a 1 MB single line and on a million blank-separated lines', () => {
    const line = 'word '.repeat(200_000)
    expect(splitBlocks(line).blocks).toHaveLength(1)
    const many = 'p\n\n'.repeat(100_000)
    expect(splitBlocks(many).blocks).toHaveLength(100_000)
  })
})

describe('the open code fence of the last block', () => {
  const openFence = (text: string) => splitBlocks(text).blocks.at(-1)?.openFence

  it('names the opener (marker, length, info, indent) and where the opener and the code start', () => {
    const text = 'Intro\n\n````ts title="a.ts"\nconst a = 1\n\nconst b = 2\n'
    expect(openFence(text)).toEqual({
      marker: '`',
      length: 4,
      info: 'ts title="a.ts"',
      indent: 0,
      list: false,
      start: 0,
      contentStart: '````ts title="a.ts"\n'.length,
    })
    expect(splitBlocks(text).blocks[0]?.openFence).toBeUndefined()
    expect(openFence('Text\n  ~~~\ncode')).toMatchObject({ marker: '~', length: 3, indent: 2, start: 5 })
  })

  it('is absent until the opener line is complete, and once a closer (even a partial last line) ends it', () => {
    expect(openFence('```ts')).toBeUndefined()
    expect(openFence('```ts\n')).toMatchObject({ contentStart: 6 })
    expect(openFence('```ts\ncode\n``')).toBeDefined()
    expect(openFence('```ts\ncode\n```')).toBeUndefined()
    expect(openFence('```ts\ncode\n```\n')).toBeUndefined()
    expect(openFence('```ts\ncode\n    ```')).toBeDefined()
    expect(openFence('~~~\n```\n')).toBeDefined()
  })

  it('follows a fence in a list item, which an unindented line ends', () => {
    expect(openFence('- item\n\n  ```js\n  code\n')).toMatchObject({ list: true, indent: 2, start: 8 })
    expect(openFence('- item\n\n  ```js\n  code\nx')).toBeUndefined()
  })

  it('is not a fence inside an HTML block, nor inside a quote (the repair reads those itself)', () => {
    expect(openFence('<div>\n```\ncode\n')).toBeUndefined()
    expect(openFence('> ```\n> code\n')).toBeUndefined()
  })

  it('is the same when the text arrives in chunks as when it is split whole', () => {
    for (const fixture of fixtures) {
      const splitter = createBlockSplitter()
      for (let end = 1; end <= fixture.length; end += 7) {
        const text = fixture.slice(0, end)
        expect(splitter.split(text).blocks.at(-1)?.openFence).toEqual(openFence(text))
      }
    }
  })
})
