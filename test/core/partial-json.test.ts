import fc from 'fast-check'
import { createIncrementalJson } from '../../src/core/partial-json.js'

function pushAll(fragments: readonly string[]) {
  const parser = createIncrementalJson()
  for (const fragment of fragments) parser.push(fragment)
  return parser
}

/** Splits text at the given cut points. */
function split(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b)
  const parts: string[] = []
  let start = 0
  for (const point of points) {
    parts.push(text.slice(start, point))
    start = point
  }
  parts.push(text.slice(start))
  return parts
}

describe('createIncrementalJson', () => {
  it('equals JSON.parse for any JSON document split at any points', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.boolean(),
        (value, cuts, pretty) => {
          const text = JSON.stringify(value, null, pretty ? 2 : undefined)
          const parser = pushAll(split(text, cuts))
          expect(parser.complete).toBe(true)
          expect(parser.failed).toBe(false)
          expect(parser.value()).toEqual(JSON.parse(text))
          expect(parser.text).toBe(text)
        },
      ),
      { numRuns: 400, seed: 7 },
    )
  })

  it('agrees with JSON.parse on whether arbitrary text is JSON, and never throws', () => {
    const jsonish = fc.string({
      unit: fc.constantFrom(...'{}[]",:0123456789.-+eEtrufalsn \\u/x\n'.split('')),
      maxLength: 30,
    })
    fc.assert(
      fc.property(jsonish, fc.array(fc.nat(), { maxLength: 5 }), (text, cuts) => {
        let valid = true
        try {
          JSON.parse(text)
        } catch {
          valid = false
        }
        const parser = pushAll(split(text, cuts))
        parser.value()
        expect(parser.complete).toBe(valid)
      }),
      { numRuns: 2000, seed: 11 },
    )
  })

  it('shows open strings, arrays and objects closed as they stand', () => {
    const parser = createIncrementalJson()
    const seen: unknown[] = []
    for (const fragment of ['{"city": "Par', 'is", "days": [1, ', '2', '], "note": {"a": tr', 'ue}}']) {
      parser.push(fragment)
      seen.push(parser.value())
    }
    expect(seen).toEqual([
      { city: 'Par' },
      { city: 'Paris', days: [1] },
      { city: 'Paris', days: [1, 2] },
      { city: 'Paris', days: [1, 2], note: { a: true } },
      { city: 'Paris', days: [1, 2], note: { a: true } },
    ])
    expect(parser.complete).toBe(true)
  })

  it('leaves out a key whose value has not started and a half-read escape', () => {
    const parser = createIncrementalJson()
    parser.push('{"a": "x\\')
    expect(parser.value()).toEqual({ a: 'x' })
    parser.push('u00e9", "b":')
    expect(parser.value()).toEqual({ a: 'xé' })
    parser.push(' -1.5e')
    expect(parser.value()).toEqual({ a: 'xé', b: -1.5 })
    parser.push('2}')
    expect(parser.value()).toEqual({ a: 'xé', b: -150 })
  })

  it('returns undefined before anything parseable arrived', () => {
    const parser = createIncrementalJson()
    expect(parser.value()).toBeUndefined()
    parser.push('  ')
    expect(parser.value()).toBeUndefined()
    expect(parser.complete).toBe(false)
  })

  it('never changes a snapshot it already returned', () => {
    const parser = createIncrementalJson()
    parser.push('{"list": [{"x": 1}, {"y": "a')
    const first = parser.value()
    const frozen = structuredClone(first)
    parser.push('b"}, 3], "z": {"k": [')
    parser.push('4]}}')
    expect(first).toEqual(frozen)
    expect(parser.value()).toEqual({ list: [{ x: 1 }, { y: 'ab' }, 3], z: { k: [4] } })
  })

  it('returns the same snapshot while nothing changed and shares closed sub-values', () => {
    const parser = createIncrementalJson()
    parser.push('{"done": {"a": [1, 2]}, "open": [')
    const first = parser.value() as { done: unknown }
    expect(parser.value()).toBe(first)
    parser.push('3')
    const second = parser.value() as { done: unknown }
    expect(second).not.toBe(first)
    expect(second.done).toBe(first.done)
  })

  it('stops at invalid input, keeps what it had, and reports failed', () => {
    const parser = createIncrementalJson()
    parser.push('{"a": 1, "b": tx')
    expect(parser.failed).toBe(true)
    expect(parser.complete).toBe(false)
    expect(parser.value()).toEqual({ a: 1, b: true })
    parser.push('"more"}')
    expect(parser.failed).toBe(true)
  })

  it('is not complete when text follows the value', () => {
    const parser = pushAll(['{"a":1}', ' {'])
    expect(parser.complete).toBe(false)
    expect(parser.failed).toBe(true)
  })

  it('keeps __proto__ as an own key, as JSON.parse does, without touching the prototype', () => {
    const parser = pushAll(['{"__proto__": {"polluted": true}, "a": 1}'])
    const value = parser.value() as Record<string, unknown>
    expect(value).toEqual(JSON.parse('{"__proto__": {"polluted": true}, "a": 1}'))
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('parses a 200 KB document pushed in 20-character deltas', () => {
    const document = {
      rows: Array.from({ length: 2000 }, (_, index) => ({
        id: index,
        name: `row ${index}`,
        tags: ['a', 'b'],
        ok: index % 2 === 0,
      })),
    }
    const text = JSON.stringify(document)
    const parser = createIncrementalJson()
    for (let offset = 0; offset < text.length; offset += 20) parser.push(text.slice(offset, offset + 20))
    expect(text.length).toBeGreaterThan(100_000)
    expect(parser.value()).toEqual(document)
  })
})
