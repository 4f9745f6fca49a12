import type { Frame } from '../../src/core/index.js'
import { guardEventStream, type OpenedEventStream, type SseReader } from '../../src/transports/index.js'

const encoder = new TextEncoder()

export type WireChunk = string | Uint8Array

/** A body that yields `chunks` then ends, or stays open when `holdOpen`. */
export function chunkedBody(chunks: readonly WireChunk[], holdOpen = false): ReadableStream<Uint8Array> {
  let index = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++]
      if (chunk === undefined) {
        if (!holdOpen) controller.close()
        return new Promise(() => {})
      }
      controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk)
    },
  })
}

/** Splits `text` into chunks of `size` bytes (so multi-byte characters and CRLFs get cut). */
export function splitBytes(text: string | Uint8Array, size: number): Uint8Array[] {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text
  const chunks: Uint8Array[] = []
  for (let offset = 0; offset < bytes.length; offset += size)
    chunks.push(bytes.subarray(offset, offset + size))
  return chunks
}

/** Splits `text` in two at byte `at`. */
export function splitAt(text: string, at: number): Uint8Array[] {
  const bytes = encoder.encode(text)
  return [bytes.subarray(0, at), bytes.subarray(at)]
}

export interface ReadResult {
  frames: Frame[]
  /** Cursor commits, in order. */
  cursors: (string | undefined)[]
  retries: number[]
  error: unknown
}

/** Runs a reader over `chunks` through the same guard the transport uses. */
export async function readWire(
  reader: SseReader,
  chunks: readonly WireChunk[],
  options: { maxEventBytes?: number; onFrame?: (frame: Frame) => void } = {},
): Promise<ReadResult> {
  const controller = new AbortController()
  const result: ReadResult = { frames: [], cursors: [], retries: [], error: undefined }
  const opened: OpenedEventStream = {
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
    body: chunkedBody(chunks),
  }
  opened.body = guardEventStream(opened.body, {
    maxEventBytes: options.maxEventBytes ?? 1024 * 1024,
    signal: controller.signal,
  })
  try {
    await reader(
      opened,
      {
        onFrame(frame) {
          result.frames.push(frame)
          options.onFrame?.(frame)
        },
        onCursor: (id) => result.cursors.push(id),
        onRetry: (ms) => result.retries.push(ms),
      },
      controller.signal,
    )
  } catch (error) {
    result.error = error
  } finally {
    controller.abort()
  }
  return result
}

export const data = (frames: readonly Frame[]) => frames.map((frame) => frame.data)
