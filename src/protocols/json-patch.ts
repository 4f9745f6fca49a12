import { isRecord, type JsonRecord } from './shared.js'

/**
 * What applying an RFC 6902 patch gave:
 * - `applied`: the new document (the input is never changed; untouched branches are shared), and the
 *   operations that were skipped because RFC 6902 does not define their `op` (one message each).
 * - `malformed`: the patch is not a patch (not an array, an operation missing a member or with one of
 *   the wrong type, a path that is not a JSON Pointer). Nothing was applied.
 * - `failed`: a well-formed operation did not apply (a path that does not exist, an index out of
 *   range, a failed `test`). Application is atomic: nothing was applied.
 */
export type JsonPatchResult =
  | { status: 'applied'; value: unknown; skipped: readonly string[] }
  | { status: 'malformed'; message: string }
  | { status: 'failed'; message: string }

type Operation =
  | { op: 'add' | 'replace' | 'test'; path: string[]; value: unknown; label: string }
  | { op: 'remove'; path: string[]; label: string }
  | { op: 'move' | 'copy'; path: string[]; from: string[]; label: string }

const WITH_VALUE = new Set(['add', 'replace', 'test'])
const WITH_FROM = new Set(['move', 'copy'])
const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/

/** Thrown inside `applyJsonPatch` only; it never escapes. */
class PatchFailure extends Error {}

/** Splits an RFC 6901 JSON Pointer into unescaped tokens; undefined when it is not a pointer. */
export function parseJsonPointer(pointer: string): string[] | undefined {
  if (pointer === '') return []
  if (!pointer.startsWith('/')) return undefined
  const tokens = pointer.slice(1).split('/')
  // `~` must be followed by 0 or 1; ~1 is unescaped before ~0 (RFC 6901 section 4).
  if (tokens.some((token) => /~(?![01])/.test(token))) return undefined
  return tokens.map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** Applies an RFC 6902 JSON Patch to a JSON document without changing it. Never throws. */
export function applyJsonPatch(document: unknown, patch: unknown): JsonPatchResult {
  if (!Array.isArray(patch)) return { status: 'malformed', message: 'the patch is not an array' }
  const operations: Operation[] = []
  const skipped: string[] = []
  for (const [index, raw] of patch.entries()) {
    const read = readOperation(raw, index)
    if (typeof read === 'string') return { status: 'malformed', message: read }
    if ('unknown' in read) skipped.push(read.unknown)
    else operations.push(read)
  }
  let value = document
  try {
    for (const operation of operations) value = applyOperation(value, operation)
  } catch (error) {
    if (error instanceof PatchFailure) return { status: 'failed', message: error.message }
    throw error
  }
  return { status: 'applied', value, skipped }
}

function readOperation(raw: unknown, index: number): Operation | { unknown: string } | string {
  if (!isRecord(raw)) return `operation ${index} is not an object`
  const op = raw.op
  if (typeof op !== 'string') return `operation ${index} has no string 'op'`
  if (typeof raw.path !== 'string') return `operation ${index} (${op}) has no string 'path'`
  const path = parseJsonPointer(raw.path)
  if (path === undefined) return `operation ${index} (${op}): '${raw.path}' is not a JSON Pointer`
  const label = `operation ${index} (${op} ${raw.path})`
  if (WITH_VALUE.has(op)) {
    // `value` may be null, but it must be there.
    if (!('value' in raw)) return `${label} has no 'value'`
    return { op: op as 'add' | 'replace' | 'test', path, value: raw.value, label }
  }
  if (WITH_FROM.has(op)) {
    if (typeof raw.from !== 'string') return `${label} has no string 'from'`
    const from = parseJsonPointer(raw.from)
    if (from === undefined) return `${label}: '${raw.from}' is not a JSON Pointer`
    return { op: op as 'move' | 'copy', path, from, label }
  }
  if (op === 'remove') return { op, path, label }
  return { unknown: `${label}: unknown op '${op}' skipped` }
}

function applyOperation(document: unknown, operation: Operation): unknown {
  const { label } = operation
  switch (operation.op) {
    case 'add':
      return add(document, operation.path, operation.value, label)
    case 'remove':
      return remove(document, operation.path, label)
    case 'replace':
      if (operation.path.length === 0) return operation.value
      valueAt(document, operation.path, label)
      return update(document, operation.path, label, (container, token) =>
        withChild(container, token, operation.value),
      )
    case 'test':
      if (!jsonEqual(valueAt(document, operation.path, label), operation.value))
        throw new PatchFailure(`${label}: test failed, the value differs`)
      return document
    case 'move': {
      const { from, path } = operation
      if (from.length === path.length && from.every((token, index) => token === path[index])) return document
      if (from.length < path.length && from.every((token, index) => token === path[index]))
        throw new PatchFailure(`${label}: cannot move a value into itself`)
      const value = valueAt(document, from, label)
      return add(remove(document, from, label), path, value, label)
    }
    case 'copy':
      return add(document, operation.path, valueAt(document, operation.from, label), label)
    default:
      return operation satisfies never
  }
}

function add(document: unknown, path: string[], value: unknown, label: string): unknown {
  if (path.length === 0) return value
  return update(document, path, label, (container, token) => {
    if (!Array.isArray(container)) return withChild(container, token, value)
    const index = token === '-' ? container.length : arrayIndex(token, label)
    if (index > container.length) throw new PatchFailure(`${label}: index ${index} is past the end`)
    return [...container.slice(0, index), value, ...container.slice(index)]
  })
}

function remove(document: unknown, path: string[], label: string): unknown {
  if (path.length === 0) throw new PatchFailure(`${label}: cannot remove the whole document`)
  valueAt(document, path, label)
  return update(document, path, label, (container, token) => {
    if (Array.isArray(container)) {
      const index = arrayIndex(token, label)
      return [...container.slice(0, index), ...container.slice(index + 1)]
    }
    const copy = { ...container }
    delete copy[token]
    return copy
  })
}

/** Rebuilds the containers along `path`, letting `leaf` change the last one. */
function update(
  node: unknown,
  path: readonly string[],
  label: string,
  leaf: (container: JsonRecord | unknown[], token: string) => unknown,
  depth = 0,
): unknown {
  if (!Array.isArray(node) && !isRecord(node))
    throw new PatchFailure(`${label}: the parent of '${path[depth] ?? ''}' is not an object or array`)
  const token = path[depth] as string
  if (depth === path.length - 1) return leaf(node, token)
  const child = childOf(node, token, label)
  return withChild(node, token, update(child, path, label, leaf, depth + 1))
}

function valueAt(document: unknown, path: readonly string[], label: string): unknown {
  let node = document
  for (const token of path) node = childOf(node, token, label)
  return node
}

function childOf(node: unknown, token: string, label: string): unknown {
  if (Array.isArray(node)) {
    const index = arrayIndex(token, label)
    if (index >= node.length) throw new PatchFailure(`${label}: index ${index} does not exist`)
    return node[index]
  }
  // Own properties only: a path must never reach Object.prototype.
  if (isRecord(node) && Object.hasOwn(node, token)) return node[token]
  throw new PatchFailure(`${label}: the path does not exist`)
}

function withChild(container: JsonRecord | unknown[], token: string, value: unknown): unknown {
  if (Array.isArray(container)) {
    const copy = [...container]
    copy[Number(token)] = value
    return copy
  }
  const copy = { ...container }
  // defineProperty, not assignment: a '__proto__' key must stay data, not swap the prototype.
  Object.defineProperty(copy, token, { value, writable: true, enumerable: true, configurable: true })
  return copy
}

function arrayIndex(token: string, label: string): number {
  if (!ARRAY_INDEX.test(token)) throw new PatchFailure(`${label}: '${token}' is not an array index`)
  return Number(token)
}

/** Structural JSON equality (object key order does not matter; array order does). */
export function jsonEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true
  if (Array.isArray(left))
    return (
      Array.isArray(right) &&
      left.length === right.length &&
      left.every((item, index) => jsonEqual(item, right[index]))
    )
  if (!isRecord(left) || !isRecord(right)) return false
  const keys = Object.keys(left)
  if (keys.length !== Object.keys(right).length) return false
  return keys.every((key) => Object.hasOwn(right, key) && jsonEqual(left[key], right[key]))
}
