// @vitest-environment node
// Pure logic: node, where shiki's WebAssembly engine loads (jsdom's Response cannot stream it).
import { readFileSync } from 'node:fs'
import { createShikiHighlighter, type HighlightToken } from 'react-agent-stream/shiki'
import { describe, expect, it, vi } from 'vitest'

const shikiImports = vi.hoisted(() => ({ count: 0 }))

vi.mock('shiki', async (importOriginal) => {
  shikiImports.count += 1
  return importOriginal()
})

// A template literal and a block comment that span lines, so a wrong continuation state shows.
const typescript = readFileSync('test/fixtures/code/multiline-state.ts.txt', 'utf8')

const lineText = (line: readonly HighlightToken[]) => line.map((token) => token.content).join('')

describe('createShikiHighlighter', () => {
  const highlighter = createShikiHighlighter()

  it('does not import shiki until the first code block is highlighted', async () => {
    const lazy = createShikiHighlighter()
    expect(shikiImports.count).toBe(0)
    await lazy.tokenize('const a = 1\n', 'ts', undefined)
    expect(shikiImports.count).toBe(1)
  })

  it('colours TypeScript with one entry per line and the text unchanged', async () => {
    const result = await highlighter.tokenize(typescript, 'typescript', undefined)
    expect(result).toBeDefined()
    const lines = result?.lines ?? []
    expect(lines.map(lineText).join('\n')).toBe(typescript.slice(0, -1))
    const keyword = lines[3]?.find((token) => token.content === 'function')
    expect(keyword?.color).toMatch(/^light-dark\(#[0-9a-f]{6,8}, #[0-9a-f]{6,8}\)$/i)
    const comment = lines[1]?.[0]
    expect(comment?.color).toBeDefined()
    expect(comment?.color).not.toBe(keyword?.color)
  })

  it('continues from the state it returned exactly as a one-shot highlight would', async () => {
    const whole = await highlighter.tokenize(typescript, 'ts', undefined)
    const lines = typescript.slice(0, -1).split('\n')
    for (let split = 1; split < lines.length; split += 1) {
      const head = `${lines.slice(0, split).join('\n')}\n`
      const first = await highlighter.tokenize(head, 'ts', undefined)
      const second = await highlighter.tokenize(typescript.slice(head.length), 'ts', first?.state)
      expect([...(first?.lines ?? []), ...(second?.lines ?? [])], `split after line ${split}`).toEqual(
        whole?.lines,
      )
    }
  })

  it('continues line by line, as a streaming code block calls it', async () => {
    const whole = await highlighter.tokenize(typescript, 'ts', undefined)
    const lines: (readonly HighlightToken[])[] = []
    let state: unknown
    for (const line of typescript.slice(0, -1).split('\n')) {
      const result = await highlighter.tokenize(`${line}\n`, 'ts', state)
      lines.push(...(result?.lines ?? []))
      state = result?.state
    }
    expect(lines).toEqual(whole?.lines)
  })

  it('returns undefined for an unknown language or a hostile name, and never throws', async () => {
    for (const language of ['no-such-language', '__proto__', 'constructor', 'x'.repeat(500), '', 'text']) {
      await expect(highlighter.tokenize('a = 1\n', language, undefined)).resolves.toBeUndefined()
    }
  })

  it('cannot continue from a state it did not return, or one of another language', async () => {
    const python = await highlighter.tokenize('x = 1\n', 'python', undefined)
    await expect(highlighter.tokenize('let y = 2\n', 'ts', python?.state)).resolves.toBeUndefined()
    await expect(highlighter.tokenize('let y = 2\n', 'ts', { language: 'ts' })).resolves.toBeUndefined()
  })

  it('accepts aliases and upper case fence labels', async () => {
    const result = await highlighter.tokenize('def f():\n    return 1\n', 'PY', undefined)
    expect(result?.lines).toHaveLength(2)
    expect(result?.lines[0]?.some((token) => token.color !== undefined)).toBe(true)
  })

  it('gives the same tokens with the oniguruma (WebAssembly) engine', async () => {
    const oniguruma = createShikiHighlighter({ engine: 'oniguruma' })
    const expected = await highlighter.tokenize(typescript, 'ts', undefined)
    await expect(oniguruma.tokenize(typescript, 'ts', undefined)).resolves.toEqual(
      expect.objectContaining({ lines: expected?.lines }),
    )
  })

  it('uses plain colours with a single theme', async () => {
    const single = createShikiHighlighter({ theme: 'github-light-high-contrast' })
    const result = await single.tokenize('export const a = 1\n', 'js', undefined)
    const colors = (result?.lines[0] ?? []).map((token) => token.color).filter(Boolean)
    expect(colors.length).toBeGreaterThan(0)
    for (const color of colors) expect(color).toMatch(/^#[0-9a-f]{6,8}$/i)
  })
})
