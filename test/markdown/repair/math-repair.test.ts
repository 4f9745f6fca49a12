import { repairMarkdown } from 'react-agent-stream/markdown'
import { describe, expect, it } from 'vitest'

const math = { math: true }

describe('repairMarkdown with math: an open inline $ formula', () => {
  it.each([
    ['Area $\\pi r^', 'Area'],
    ['For samples $x', 'For samples'],
    ['$x^', ''],
    ['a $x$ and $y^', 'a $x$ and'],
    ['**bold $x^', '**bold**'],
    ['- Scaling: $\\operatorname{Var', '- Scaling:'],
    ['> quote $e^{i', '> quote'],
    ['costs \\$5 and $x', 'costs \\$5 and'],
    ['| a | b |\n| --- | --- |\n| 1 | $\\frac{1', '| a | b |\n| --- | --- |\n| 1 |'],
  ])('holds %j back as %j, so no raw $ shows and then vanishes', (input, expected) => {
    expect(repairMarkdown(input, math)).toBe(expected)
    expect(repairMarkdown(expected, math)).toBe(expected)
  })

  it.each([
    'It costs $5 per month',
    'It costs $5 per month, which is fine',
    'Use `$x` here',
    'Cost $5 and $x^',
    'Pay the $fee for each and every user',
  ])('leaves %j as text: a price, prose or code, not a formula', (input) => {
    expect(repairMarkdown(input, math)).toBe(input)
  })

  it('does not hold a $ inside an open code span (the code span is closed instead)', () => {
    expect(repairMarkdown('Use `echo $HOME', math)).toBe('Use `echo $HOME`')
  })

  it('shows an open formula again once it runs past 160 characters', () => {
    const long = `x $${'a+'.repeat(90)}`
    expect(repairMarkdown(long, math)).toBe(long)
  })

  it('leaves $ alone when math is off', () => {
    expect(repairMarkdown('Area $\\pi r^')).toBe('Area $\\pi r^')
  })
})

describe('repairMarkdown with math: an open $$ block', () => {
  it('holds lines until an environment closes, so KaTeX never shows an error for unfinished TeX', () => {
    expect(repairMarkdown('$$\n\\begin{aligned}\na &= b \\\\\n', math)).toBe('$$\n')
    expect(repairMarkdown('$$\n\\begin{aligned}\na &= b\n\\end{aligned}\nc', math)).toBe(
      '$$\n\\begin{aligned}\na &= b\n\\end{aligned}\n',
    )
  })

  it('holds unbalanced braces and \\left without \\right', () => {
    expect(repairMarkdown('$$\nx = \\frac{1}{\n2}\ny', math)).toBe('$$\nx = \\frac{1}{\n2}\n')
    expect(repairMarkdown('$$\n\\left(\nx\n', math)).toBe('$$\n')
    expect(repairMarkdown('$$\n\\left(\nx\n\\right)\ny', math)).toBe('$$\n\\left(\nx\n\\right)\n')
    // Escaped braces and \leftarrow do not count.
    expect(repairMarkdown('$$\n\\{ a \\leftarrow b\nc', math)).toBe('$$\n\\{ a \\leftarrow b\n')
  })

  it('keeps complete balanced lines of a block inside a list item', () => {
    const text = '1. Sum:\n   $$\n   a + b\n   \\begin{matrix}'
    expect(repairMarkdown(text, math)).toBe('1. Sum:\n   $$\n   a + b\n')
  })
})
