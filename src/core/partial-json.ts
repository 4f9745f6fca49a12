// Over 300 lines (createIncrementalJson is one ~350-line closure): a resumable state machine whose
// states share one cursor, the stack of open containers and the snapshot cache; as separate functions
// they would pass all of it around on every character.
/**
 * Parses JSON that arrives in fragments (streamed tool-call arguments).
 *
 * - `push` does work in proportion to the fragment, never to the text so far: a single pass of a
 *   resumable state machine that builds the value in place.
 * - `value()` is the best-effort value so far: open strings, arrays and objects are closed as they
 *   stand, a key whose value has not started is left out, a number is shown as far as it parses,
 *   and a literal (`true`, `false`, `null`) is shown from its first letter. It returns a new object
 *   only when something changed since the last call, and copies only the containers still open
 *   (the path from the root to the cursor); closed sub-values are shared between snapshots and never
 *   change again, so snapshots are safe to keep in immutable state.
 * - `complete` is true once the text is one whole JSON value (what `JSON.parse` would accept); the
 *   complete value equals `JSON.parse(text)`.
 * - Never throws. After invalid input, `failed` is true, further text is ignored and `value()` keeps
 *   what was read before the error.
 */
export interface IncrementalJson {
  push(fragment: string): void
  /** The best-effort value so far; undefined before anything parseable arrived. */
  value(): unknown
  /** True once the text is one complete JSON value. */
  readonly complete: boolean
  /** True once the text can no longer become JSON (the value stays as it was before the error). */
  readonly failed: boolean
  /** All text pushed so far. */
  readonly text: string
}

type Container = Record<string, unknown> | unknown[]

/** One open array or object, from the root down to the cursor. */
interface OpenContainer {
  container: Container
  /** The key (objects) under which the current member is being read; undefined between members. */
  key: string | undefined
  /** The key under which this container sits in its parent object. */
  parentKey: string | undefined
}

enum Mode {
  /** A value must start here (root, after ':' or after ',' in an array). */
  Value,
  /** Right after '[': a value or ']'. */
  ValueOrArrayEnd,
  /** Right after '{': a key or '}'. */
  KeyOrObjectEnd,
  /** After ',' in an object: a key. */
  Key,
  /** After a key: ':'. */
  Colon,
  /** After a member: ',' or the closing bracket. */
  AfterValue,
  InString,
  InNumber,
  InLiteral,
  /** The root value is closed: only whitespace may follow. */
  Done,
  Failed,
}

enum NumberState {
  Sign,
  Zero,
  Integer,
  FractionStart,
  Fraction,
  ExponentStart,
  ExponentSign,
  Exponent,
}

const LITERALS: Readonly<Record<string, readonly [string, unknown]>> = {
  t: ['true', true],
  f: ['false', false],
  n: ['null', null],
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39
}

/** Own-property assignment: a `__proto__` key must become a property (as in JSON.parse), not a prototype. */
function setMember(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true })
  } else {
    object[key] = value
  }
}

function copyContainer(container: Container): Container {
  if (Array.isArray(container)) return container.slice()
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(container)) setMember(copy, key, container[key])
  return copy
}

/** Creates an incremental parser for one JSON document. */
export function createIncrementalJson(): IncrementalJson {
  let text = ''
  let mode: Mode = Mode.Value
  const stack: OpenContainer[] = []
  let root: unknown
  let hasRoot = false

  // The string being read (a key or a value), with escape state carried across fragments.
  let stringValue = ''
  let stringIsKey = false
  let escapePending = false
  let unicodeDigits: string | undefined

  let numberText = ''
  let numberState: NumberState = NumberState.Sign
  let literalText = ''
  let literalTarget = ''

  let snapshot: unknown
  let dirty = false

  /** Puts a value where the cursor is: the root, the array's end, or the object's current key. */
  function place(value: unknown, replace: boolean): void {
    const top = stack[stack.length - 1]
    if (!top) {
      root = value
      hasRoot = true
    } else if (Array.isArray(top.container)) {
      if (replace) top.container[top.container.length - 1] = value
      else top.container.push(value)
    } else {
      setMember(top.container, top.key as string, value)
    }
    dirty = true
  }

  function valueDone(): void {
    const top = stack[stack.length - 1]
    if (!top) {
      mode = Mode.Done
      return
    }
    top.key = undefined
    mode = Mode.AfterValue
  }

  function close(closing: 'array' | 'object'): boolean {
    const top = stack[stack.length - 1]
    if (!top || Array.isArray(top.container) !== (closing === 'array')) return false
    stack.pop()
    dirty = true
    valueDone()
    return true
  }

  function numberValue(): number | undefined {
    switch (numberState) {
      case NumberState.Zero:
      case NumberState.Integer:
      case NumberState.Fraction:
      case NumberState.Exponent:
        return Number(numberText)
      case NumberState.FractionStart:
      case NumberState.ExponentStart:
        return Number(numberText.slice(0, -1))
      case NumberState.ExponentSign:
        return Number(numberText.slice(0, -2))
      default:
        return undefined
    }
  }

  function isNumberTerminal(): boolean {
    return (
      numberState === NumberState.Zero ||
      numberState === NumberState.Integer ||
      numberState === NumberState.Fraction ||
      numberState === NumberState.Exponent
    )
  }

  /** Advances the number grammar by one character; false when the character ends the number. */
  function numberStep(code: number): boolean | 'invalid' {
    const digit = isDigit(code)
    switch (numberState) {
      case NumberState.Sign:
        if (code === 0x30) numberState = NumberState.Zero
        else if (digit) numberState = NumberState.Integer
        else return 'invalid'
        return true
      case NumberState.Zero:
      case NumberState.Integer:
        if (digit) {
          if (numberState === NumberState.Zero) return 'invalid'
          return true
        }
        if (code === 0x2e) numberState = NumberState.FractionStart
        else if (code === 0x65 || code === 0x45) numberState = NumberState.ExponentStart
        else return false
        return true
      case NumberState.FractionStart:
        if (!digit) return 'invalid'
        numberState = NumberState.Fraction
        return true
      case NumberState.Fraction:
        if (digit) return true
        if (code === 0x65 || code === 0x45) {
          numberState = NumberState.ExponentStart
          return true
        }
        return false
      case NumberState.ExponentStart:
        if (code === 0x2b || code === 0x2d) numberState = NumberState.ExponentSign
        else if (digit) numberState = NumberState.Exponent
        else return 'invalid'
        return true
      case NumberState.ExponentSign:
        if (!digit) return 'invalid'
        numberState = NumberState.Exponent
        return true
      case NumberState.Exponent:
        return !!digit
    }
  }

  function startValue(char: string, code: number): void {
    if (code === 0x7b || code === 0x5b) {
      const container: Container = code === 0x7b ? {} : []
      const parentKey = stack[stack.length - 1]?.key
      place(container, false)
      stack.push({ container, key: undefined, parentKey })
      mode = code === 0x7b ? Mode.KeyOrObjectEnd : Mode.ValueOrArrayEnd
    } else if (code === 0x22) {
      stringValue = ''
      stringIsKey = false
      place('', false)
      mode = Mode.InString
    } else if (code === 0x2d || isDigit(code)) {
      numberText = char
      numberState = code === 0x2d ? NumberState.Sign : code === 0x30 ? NumberState.Zero : NumberState.Integer
      const shown = numberValue()
      // A lone '-' shows nothing yet; reserve the array slot so later updates replace it.
      place(shown, false)
      mode = Mode.InNumber
    } else if (LITERALS[char]) {
      const [target, literal] = LITERALS[char]
      literalTarget = target
      literalText = char
      place(literal, false)
      mode = Mode.InLiteral
    } else {
      mode = Mode.Failed
    }
  }

  /** Reads string content from `index`; returns the index after the closing quote, or the fragment length. */
  function readString(fragment: string, start: number): number {
    let index = start
    let runStart = index
    while (index < fragment.length) {
      if (unicodeDigits !== undefined) {
        const char = fragment[index] as string
        if (!/[0-9a-fA-F]/.test(char)) {
          mode = Mode.Failed
          return index
        }
        unicodeDigits += char
        index++
        if (unicodeDigits.length === 4) {
          stringValue += String.fromCharCode(Number.parseInt(unicodeDigits, 16))
          unicodeDigits = undefined
        }
        runStart = index
        continue
      }
      if (escapePending) {
        const char = fragment[index] as string
        escapePending = false
        index++
        if (char === 'u') {
          unicodeDigits = ''
        } else {
          const escaped = ESCAPES[char]
          if (escaped === undefined) {
            mode = Mode.Failed
            return index
          }
          stringValue += escaped
        }
        runStart = index
        continue
      }
      const code = fragment.charCodeAt(index)
      if (code === 0x22) {
        stringValue += fragment.slice(runStart, index)
        finishString()
        return index + 1
      }
      if (code === 0x5c) {
        stringValue += fragment.slice(runStart, index)
        escapePending = true
        index++
        runStart = index
        continue
      }
      if (code < 0x20) {
        stringValue += fragment.slice(runStart, index)
        mode = Mode.Failed
        return index
      }
      index++
    }
    stringValue += fragment.slice(runStart, index)
    if (!stringIsKey) place(stringValue, true)
    return index
  }

  function finishString(): void {
    if (stringIsKey) {
      const top = stack[stack.length - 1] as OpenContainer
      top.key = stringValue
      mode = Mode.Colon
    } else {
      place(stringValue, true)
      valueDone()
    }
    stringValue = ''
  }

  function push(fragment: string): void {
    if (typeof fragment !== 'string' || fragment === '') return
    text += fragment
    let index = 0
    while (index < fragment.length) {
      if (mode === Mode.Failed) return
      if (mode === Mode.InString) {
        index = readString(fragment, index)
        continue
      }
      const char = fragment[index] as string
      const code = fragment.charCodeAt(index)
      if (mode === Mode.InNumber) {
        const step = numberStep(code)
        if (step === 'invalid') {
          mode = Mode.Failed
          return
        }
        if (step) {
          numberText += char
          index++
          continue
        }
        place(numberValue(), true)
        valueDone()
        continue // the character that ended the number is read in the new mode
      }
      if (mode === Mode.InLiteral) {
        if (char !== literalTarget[literalText.length]) {
          mode = Mode.Failed
          return
        }
        literalText += char
        index++
        if (literalText.length === literalTarget.length) valueDone()
        continue
      }
      index++
      if (isWhitespace(code)) continue
      switch (mode) {
        case Mode.Value:
          startValue(char, code)
          break
        case Mode.ValueOrArrayEnd:
          if (code === 0x5d) close('array')
          else startValue(char, code)
          break
        case Mode.KeyOrObjectEnd:
        case Mode.Key:
          if (code === 0x22) {
            stringValue = ''
            stringIsKey = true
            mode = Mode.InString
          } else if (code === 0x7d && mode === Mode.KeyOrObjectEnd) {
            close('object')
          } else {
            mode = Mode.Failed
          }
          break
        case Mode.Colon:
          mode = code === 0x3a ? Mode.Value : Mode.Failed
          break
        case Mode.AfterValue: {
          const top = stack[stack.length - 1] as OpenContainer
          const isArray = Array.isArray(top.container)
          if (code === 0x2c) mode = isArray ? Mode.Value : Mode.Key
          else if (code === 0x5d || code === 0x7d) {
            if (!close(code === 0x5d ? 'array' : 'object')) mode = Mode.Failed
          } else mode = Mode.Failed
          break
        }
        default:
          // Done: anything but whitespace after the root value is an error.
          mode = Mode.Failed
      }
    }
    if (mode === Mode.InNumber) place(numberValue(), true)
  }

  /** Copies the open containers bottom-up so the snapshot never aliases a container that still changes. */
  function takeSnapshot(): unknown {
    if (stack.length === 0) return root
    let child: Container | undefined
    for (let depth = stack.length - 1; depth >= 0; depth--) {
      const open = stack[depth] as OpenContainer
      const copy = copyContainer(open.container)
      if (child !== undefined) {
        if (Array.isArray(copy)) copy[copy.length - 1] = child
        else setMember(copy, (stack[depth + 1] as OpenContainer).parentKey as string, child)
      }
      child = copy
    }
    return child
  }

  return {
    push(fragment) {
      try {
        push(fragment)
      } catch {
        // Defensive: the contract is "never throws"; a bug here must not kill a stream.
        mode = Mode.Failed
      }
    },
    value() {
      if (!hasRoot) return undefined
      if (dirty) {
        snapshot = takeSnapshot()
        dirty = false
      }
      return snapshot
    },
    get complete() {
      return mode === Mode.Done || (mode === Mode.InNumber && stack.length === 0 && isNumberTerminal())
    },
    get failed() {
      return mode === Mode.Failed
    },
    get text() {
      return text
    },
  }
}
