import { describe, expect, it } from 'vitest'
import { scanReferences } from '../../../src/markdown/split/reference-scan.js'

const labels = (text: string) => scanReferences(text).references.map((use) => `${use.form}:${use.label}`)

describe('scanReferences', () => {
  it('tells full, collapsed and shortcut references apart, images included', () => {
    expect(labels('See [the docs][d], [Rust][] and [semver]. ![logo][l] [![CI][ci-badge]][ci]')).toEqual([
      'full:D',
      'collapsed:RUST',
      'shortcut:SEMVER',
      'full:L',
      'full:CI-BADGE',
      'full:CI',
    ])
  })

  it('leaves out inline links, and brackets inside code spans, fences and indented code', () => {
    const text = [
      'An [inline](https://x.dev) link, `[code][c]` and ``a `[^1]` b``.',
      '',
      '```md',
      '[fenced][f] and [^2]',
      '```',
      '',
      '    [indented][i] [^3]',
      '',
      'After [all][a].',
    ].join('\n')
    const scan = scanReferences(text)
    expect(labels(text)).toEqual(['full:A'])
    expect(scan.footnotes).toEqual([])
    expect(scan.links).toBe(2)
  })

  it('finds footnote calls outside code, not definitions', () => {
    const scan = scanReferences('A call[^1], another[^Note] and `[^code]`.\n[^1]: a definition line')
    expect(scan.footnotes).toEqual(['1', 'NOTE'])
  })

  it('marks brackets glued to a word and counts bracketed data as text', () => {
    const scan = scanReferences('Read arr[0], m[i][j] and ["a", "b"] or [1, 2].')
    expect(scan.references.map((use) => [use.label, use.form, use.attached])).toEqual([
      ['0', 'shortcut', true],
      ['J', 'full', true],
    ])
    expect(scan.literals).toBe(4)
    expect(scan.links).toBe(0)
  })

  it('ignores task markers, GitHub alerts, escaped brackets and shortcuts inside a link text', () => {
    expect(
      labels('- [x] done\n- [ ] todo\n\n> [!NOTE]\n> \\[not a link\\] and [f(a, [options])](#f)'),
    ).toEqual([])
  })

  it('leaves a bracket undecided while what follows it is still streaming', () => {
    expect(scanReferences('See [docs]').references).toEqual([])
    expect(scanReferences('See [docs][').references).toEqual([])
    expect(scanReferences('See [docs]\n').references).toEqual([
      { label: 'DOCS', form: 'shortcut', attached: false },
    ])
    // An open code span at the streaming end runs to the end, as the tail repair closes it.
    expect(scanReferences('Use `[^1] and').footnotes).toEqual([])
    expect(scanReferences('Use `[^1] and\n').footnotes).toEqual(['1'])
  })

  it('stays linear on many unmatched backticks and brackets (a quadratic scan would time out)', () => {
    const text = '`a ``b ```c '.repeat(20_000) + '[x '.repeat(50_000) + '[done][d]'
    expect(labels(text)).toEqual(['full:D'])
  })
})
