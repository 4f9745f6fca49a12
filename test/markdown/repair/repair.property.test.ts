import fc from 'fast-check'
import { repairMarkdown } from 'react-agent-stream/markdown'
import { describe, expect, it } from 'vitest'

const pieces = [
  '*',
  '**',
  '_',
  '__',
  '~',
  '~~',
  '`',
  '```',
  '~~~',
  '[',
  ']',
  '(',
  ')',
  '![',
  '<',
  '>',
  '&',
  '\\',
  '$$',
  '|',
  '-',
  '+',
  '1.',
  '#',
  ' ',
  '\n',
  '\n\n',
  'a',
  'word',
  'https://x.dev/p',
  'www.x.dev',
  '[^1]',
  ':',
  '| a | b |\n',
  '|---|---|\n',
  '- ',
  '> ',
  '    ',
  '=',
]
const markdownish = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((parts) => parts.join(''))

describe('repairMarkdown properties', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(markdownish, fc.boolean(), (text, math) => {
        const once = repairMarkdown(text, { math })
        expect(repairMarkdown(once, { math })).toBe(once)
      }),
      { numRuns: 3000, seed: 20_261_124 },
    )
  })

  it('keeps every settled block unchanged', () => {
    fc.assert(
      fc.property(markdownish, markdownish, (settled, tail) => {
        const head = `${settled.replace(/\s+$/, '')}\n\n`
        if (/```|~~~|<!--|\$\$|^ *[-+*\d]/m.test(head)) return
        const repaired = repairMarkdown(`${head}Tail ${tail}`)
        expect(repaired.startsWith(head)).toBe(true)
      }),
      { numRuns: 1000, seed: 20_261_124 },
    )
  })
})
