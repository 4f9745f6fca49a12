import { describe, expect, it } from 'vitest'
import { createBlockSplitter } from '../../../src/markdown/index.js'
import { createDocumentPlanner } from '../../../src/markdown/plan/document-planner.js'

function planner() {
  const splitter = createBlockSplitter()
  const documents = createDocumentPlanner(false)
  return (text: string, streaming = true) => documents.plan(splitter.split(text, !streaming), streaming)
}

describe('footnote numbering handed to blocks', () => {
  it('is data: each label with its number, the references before the block, and whether it is pending', () => {
    const plan = planner()
    const render = plan('One[^a] and two[^b].\n\nAgain[^a].\n\nThree').groups[0]?.[1]
    expect(render?.footnotes).toEqual(new Map([['A', { number: 1, before: 1, pending: true }]]))
  })

  it('keeps the same object while the numbers do not change, and a new one when a definition arrives', () => {
    const plan = planner()
    const text = 'One[^a] and [x][].\n\nMore text'
    const before = plan(text).groups[0]?.[0]
    const first = before?.footnotes
    // The definition of [x] plans the block again (a new source): its numbering stays the same object.
    const after = plan(`${text}.\n\n[x]: https://example.com\n\nTail`).groups[0]?.[0]
    expect(after?.source).not.toBe(before?.source)
    expect(after?.footnotes).toBe(first)
    const defined = plan(`${text}.\n\n[x]: https://example.com\n\nTail\n\n[^a]: Note.\n\nEnd`).groups[0]?.[0]
    expect(defined?.footnotes?.get('A')).toEqual({ number: 1, before: 0, pending: false })
    expect(defined?.footnotes).not.toBe(first)
  })

  it('names the footnote definition still streaming by its label', () => {
    const plan = planner()
    const body = 'Text[^n].\n\n[^n]: The note'
    expect(plan(body).openFootnote).toBe('N')
    expect(plan(`${body} grows.`, false).openFootnote).toBeUndefined()
  })
})
