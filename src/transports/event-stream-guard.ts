import { StreamError } from '../core/index.js'

/** Chunks without a line end are merged into blocks at least this big before they reach a parser. */
export const MIN_MERGED_BLOCK_BYTES = 64 * 1024

/**
 * A block with many complete lines is handed on in slices of about this size, cut at line ends:
 * a parser dispatches a whole chunk synchronously, so one 1 MB read of tiny events would otherwise
 * queue tens of thousands of frames before the consumer runs once.
 */
export const MAX_SLICE_BYTES = 64 * 1024

const LF = 10
const CR = 13

export interface EventStreamGuardOptions {
  /** An event (bytes between blank lines) longer than this fails with `event_too_large`. */
  maxEventBytes: number
  /** Aborting it cancels the body and errors the guarded stream with the signal's reason. */
  signal: AbortSignal
  /** Called with the size of every chunk read off the wire. */
  onBytes?: (count: number) => void
  /** Awaited before each slice is handed on: lets the frames already parsed drain first (backpressure). */
  beforeSlice?: () => Promise<void> | undefined
}

/**
 * Wraps an event-stream body: counts bytes, enforces the per-event cap, and re-chunks on line
 * boundaries. A chunk with no line end cannot complete an event, so holding it back costs no
 * latency, and a long line reaches the parser in a few large blocks instead of thousands of small
 * ones. Large blocks go on in slices cut at line ends, each after the consumer caught up.
 */
export function guardEventStream(
  body: ReadableStream<Uint8Array>,
  options: EventStreamGuardOptions,
): ReadableStream<Uint8Array> {
  const reader = body.getReader()
  let pending: Uint8Array[] = []
  let pendingBytes = 0
  let eventBytes = 0
  let openLineBytes = 0
  let atLineStart = true
  let afterCR = false
  let failed = false
  let overflow = false

  /** Counts the bytes of the current event (line ends excluded); returns whether the chunk holds a line end. */
  function scan(chunk: Uint8Array): boolean {
    let sawLineEnd = false
    for (let index = 0; index < chunk.length; index++) {
      const byte = chunk[index]
      if (byte === LF && afterCR) {
        afterCR = false
        continue
      }
      afterCR = byte === CR
      if (byte === LF || byte === CR) {
        sawLineEnd = true
        openLineBytes = 0
        if (atLineStart) eventBytes = 0
        atLineStart = true
        continue
      }
      atLineStart = false
      eventBytes++
      openLineBytes++
      if (eventBytes > options.maxEventBytes) overflow = true
    }
    return sawLineEnd
  }

  // The rest of a large block, handed on one slice per pull.
  let carry: Uint8Array | undefined

  /** The next slice of `carry`: up to MAX_SLICE_BYTES ending at a line end, or one whole long line. */
  function nextSlice(): Uint8Array {
    const block = carry as Uint8Array
    if (block.length <= MAX_SLICE_BYTES) {
      carry = undefined
      return block
    }
    let cut = -1
    for (let index = MAX_SLICE_BYTES - 1; index >= 0; index--) {
      if (block[index] === LF || block[index] === CR) {
        cut = index + 1
        break
      }
    }
    if (cut === -1) {
      // No line end in the window: a long line goes on whole (it is already one merged block).
      for (let index = MAX_SLICE_BYTES; index < block.length; index++) {
        if (block[index] === LF || block[index] === CR) {
          cut = index + 1
          break
        }
      }
    }
    if (cut === -1 || cut >= block.length) {
      carry = undefined
      return block
    }
    carry = block.subarray(cut)
    return block.subarray(0, cut)
  }

  function take(): Uint8Array {
    const block = pending.length === 1 ? (pending[0] as Uint8Array) : concat(pending, pendingBytes)
    pending = []
    pendingBytes = 0
    return block
  }

  return new ReadableStream<Uint8Array>({
    start(controller) {
      const onAbort = () => {
        if (failed) return
        failed = true
        reader.cancel(options.signal.reason).catch(() => {})
        controller.error(options.signal.reason)
      }
      if (options.signal.aborted) onAbort()
      else options.signal.addEventListener('abort', onAbort, { once: true })
    },
    async pull(controller) {
      if (carry !== undefined && !failed) {
        await options.beforeSlice?.()
        if (!failed) controller.enqueue(nextSlice())
        return
      }
      while (!failed) {
        let result: ReadableStreamReadResult<Uint8Array>
        try {
          result = await reader.read()
        } catch (error) {
          if (failed) return
          failed = true
          controller.error(error)
          return
        }
        if (failed) return
        if (result.done) {
          if (pendingBytes > 0) {
            carry = take()
            controller.enqueue(nextSlice())
            if (carry !== undefined) return
          }
          controller.close()
          return
        }
        const chunk = result.value
        if (chunk.length === 0) continue
        options.onBytes?.(chunk.length)
        const sawLineEnd = scan(chunk)
        if (overflow) {
          failed = true
          const error = new StreamError(
            'event_too_large',
            `an event exceeded maxEventBytes (${options.maxEventBytes} bytes)`,
          )
          reader.cancel(error).catch(() => {})
          controller.error(error)
          return
        }
        pending.push(chunk)
        pendingBytes += chunk.length
        if (sawLineEnd || pendingBytes >= Math.max(MIN_MERGED_BLOCK_BYTES, openLineBytes - pendingBytes)) {
          carry = take()
          await options.beforeSlice?.()
          if (!failed) controller.enqueue(nextSlice())
          return
        }
      }
    },
    cancel(reason) {
      failed = true
      return reader.cancel(reason).catch(() => {})
    },
  })
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const block = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    block.set(chunk, offset)
    offset += chunk.length
  }
  return block
}
