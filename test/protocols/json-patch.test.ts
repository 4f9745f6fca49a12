import fc from 'fast-check'
import { applyJsonPatch, jsonEqual, parseJsonPointer } from '../../src/protocols/json-patch.js'

function applied(document: unknown, patch: unknown): unknown {
  const result = applyJsonPatch(document, patch)
  if (result.status !== 'applied') throw new Error(`${result.status}: ${result.message}`)
  return result.value
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}

describe('JSON Pointer (RFC 6901)', () => {
  it('splits and unescapes tokens, ~1 before ~0', () => {
    expect(parseJsonPointer('')).toEqual([])
    expect(parseJsonPointer('/')).toEqual([''])
    expect(parseJsonPointer('/a~1b/m~0n/~01')).toEqual(['a/b', 'm~n', '~1'])
  })

  it('rejects a pointer without a leading slash or with a bad escape', () => {
    expect(parseJsonPointer('a/b')).toBeUndefined()
    expect(parseJsonPointer('/a~2')).toBeUndefined()
    expect(parseJsonPointer('/a~')).toBeUndefined()
  })
})

describe('applyJsonPatch (RFC 6902)', () => {
  it('adds object members (replacing an existing one) and array elements, including at the end', () => {
    expect(applied({ a: 1 }, [{ op: 'add', path: '/b', value: null }])).toEqual({ a: 1, b: null })
    expect(applied({ a: 1 }, [{ op: 'add', path: '/a', value: 2 }])).toEqual({ a: 2 })
    expect(applied({ list: [1, 3] }, [{ op: 'add', path: '/list/1', value: 2 }])).toEqual({ list: [1, 2, 3] })
    expect(applied({ list: [1] }, [{ op: 'add', path: '/list/1', value: 2 }])).toEqual({ list: [1, 2] })
    expect(applied({ list: [1] }, [{ op: 'add', path: '/list/-', value: 2 }])).toEqual({ list: [1, 2] })
    expect(applied({ a: 1 }, [{ op: 'add', path: '', value: [1] }])).toEqual([1])
  })

  it('removes, replaces, moves, copies and tests', () => {
    const document = { a: { b: 1, c: [1, 2, 3] }, d: 'x' }
    expect(applied(document, [{ op: 'remove', path: '/a/c/0' }])).toEqual({ a: { b: 1, c: [2, 3] }, d: 'x' })
    expect(applied(document, [{ op: 'replace', path: '/d', value: { y: 1 } }])).toEqual({
      a: { b: 1, c: [1, 2, 3] },
      d: { y: 1 },
    })
    expect(applied(document, [{ op: 'move', from: '/a/b', path: '/b' }])).toEqual({
      a: { c: [1, 2, 3] },
      d: 'x',
      b: 1,
    })
    expect(applied({ list: ['a', 'b', 'c'] }, [{ op: 'move', from: '/list/0', path: '/list/2' }])).toEqual({
      list: ['b', 'c', 'a'],
    })
    expect(applied(document, [{ op: 'copy', from: '/a/c', path: '/e' }])).toMatchObject({ e: [1, 2, 3] })
    expect(applied(document, [{ op: 'test', path: '/a', value: { c: [1, 2, 3], b: 1 } }])).toBe(document)
    expect(applied(document, [{ op: 'move', from: '/a', path: '/a' }])).toBe(document)
  })

  it.each([
    ['a member that does not exist', { op: 'remove', path: '/missing' }, 'the path does not exist'],
    ['a parent that does not exist', { op: 'add', path: '/missing/x', value: 1 }, 'the path does not exist'],
    ['an index past the end', { op: 'add', path: '/list/3', value: 1 }, 'index 3 is past the end'],
    [
      'an index with a leading zero',
      { op: 'replace', path: '/list/01', value: 1 },
      "'01' is not an array index",
    ],
    ['the end marker outside add', { op: 'remove', path: '/list/-' }, "'-' is not an array index"],
    [
      'a child of a number',
      { op: 'add', path: '/n/x', value: 1 },
      "the parent of 'x' is not an object or array",
    ],
    ['a replace of nothing', { op: 'replace', path: '/nope', value: 1 }, 'the path does not exist'],
    ['an inherited property', { op: 'replace', path: '/toString', value: 1 }, 'the path does not exist'],
    ['a failed test', { op: 'test', path: '/n', value: '1' }, 'test failed, the value differs'],
    [
      'a move into its own child',
      { op: 'move', from: '/list', path: '/list/0' },
      'cannot move a value into itself',
    ],
    ['the removal of the whole document', { op: 'remove', path: '' }, 'cannot remove the whole document'],
  ])('fails without applying anything on %s', (_name, operation, reason) => {
    const document = deepFreeze({ list: [1, 2], n: 1 })
    const result = applyJsonPatch(document, [{ op: 'add', path: '/first', value: true }, operation])
    expect(result).toEqual({
      status: 'failed',
      message: `operation 1 (${String(operation.op)} ${String(operation.path)}): ${reason}`,
    })
    expect(document).toEqual({ list: [1, 2], n: 1 })
  })

  it.each([
    ['a patch that is not an array', { op: 'add' }, 'the patch is not an array'],
    ['an operation that is not an object', ['add'], 'operation 0 is not an object'],
    ['an operation without op', [{ path: '/a' }], "operation 0 has no string 'op'"],
    [
      'a path that is not a string',
      [{ op: 'add', path: 1, value: 1 }],
      "operation 0 (add) has no string 'path'",
    ],
    [
      'a path that is not a pointer',
      [{ op: 'remove', path: 'a' }],
      "operation 0 (remove): 'a' is not a JSON Pointer",
    ],
    ['an add without value', [{ op: 'add', path: '/a' }], "operation 0 (add /a) has no 'value'"],
    ['a copy without from', [{ op: 'copy', path: '/a' }], "operation 0 (copy /a) has no string 'from'"],
    [
      'a move from a bad pointer',
      [{ op: 'move', path: '/a', from: 'b' }],
      "operation 0 (move /a): 'b' is not a JSON Pointer",
    ],
  ])('calls %s malformed', (_name, patch, message) => {
    expect(applyJsonPatch({}, patch)).toEqual({ status: 'malformed', message })
  })

  it('skips an operation RFC 6902 does not define and keeps members it ignores', () => {
    expect(
      applyJsonPatch({}, [
        { op: 'merge', path: '/a', value: 1 },
        { op: 'remove', path: '/b', value: 'leftover' },
      ]),
    ).toEqual({ status: 'failed', message: 'operation 1 (remove /b): the path does not exist' })
    expect(
      applyJsonPatch({ b: 1 }, [
        { op: 'merge', path: '/a' },
        { op: 'remove', path: '/b', value: 'x' },
      ]),
    ).toEqual({
      status: 'applied',
      value: {},
      skipped: ["operation 0 (merge /a): unknown op 'merge' skipped"],
    })
  })

  it('keeps a "__proto__" key as data and never reaches Object.prototype', () => {
    const value = applied(JSON.parse('{"a":{}}'), [
      { op: 'add', path: '/a/__proto__', value: { polluted: true } },
    ])
    const a = (value as { a: object }).a
    expect(Object.getPrototypeOf(a)).toBe(Object.prototype)
    expect(Object.keys(a)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(applied(value, [{ op: 'remove', path: '/a/__proto__' }])).toEqual({ a: {} })
  })

  it('shares the branches a patch does not touch', () => {
    const document = deepFreeze({ kept: { deep: [1] }, changed: { x: 1 } })
    const value = applied(document, [{ op: 'replace', path: '/changed/x', value: 2 }]) as typeof document
    expect(value.kept).toBe(document.kept)
    expect(value.changed).toEqual({ x: 2 })
  })

  it('never throws and never changes its input, whatever the document and patch', () => {
    const pointer = fc
      .array(fc.oneof(fc.constantFrom('a', 'b', '0', '1', '-', '__proto__', '~0', '~1', '~2'), fc.string()), {
        maxLength: 3,
      })
      .map((tokens) => tokens.map((token) => `/${token}`).join(''))
    const operation = fc.record(
      {
        op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'merge'),
        path: fc.oneof(pointer, fc.jsonValue()),
        from: fc.oneof(pointer, fc.jsonValue()),
        value: fc.jsonValue(),
      },
      { requiredKeys: ['op'] },
    )
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.oneof(fc.array(operation, { maxLength: 5 }), fc.jsonValue()),
        (document, patch) => {
          const before = JSON.stringify(document)
          const result = applyJsonPatch(deepFreeze(document), patch)
          expect(['applied', 'malformed', 'failed']).toContain(result.status)
          expect(JSON.stringify(document)).toBe(before)
        },
      ),
      { numRuns: 500, seed: 6902 },
    )
  })
})

describe('jsonEqual', () => {
  it('ignores key order, not array order, and tells types apart', () => {
    expect(jsonEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true)
    expect(jsonEqual([1, 2], [2, 1])).toBe(false)
    expect(jsonEqual(1, '1')).toBe(false)
    expect(jsonEqual({ a: undefined }, { b: undefined })).toBe(false)
    expect(jsonEqual(null, {})).toBe(false)
  })
})
