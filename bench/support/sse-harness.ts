// SSE reader harness shared by the transport bench and the speed budgets.
// fetch-event-source needs `window` and `document` (without them it never settles in Node): a
// minimal shim with only the members it touches is installed on import.
import { fetchEventSource } from '@microsoft/fetch-event-source'
import { guardEventStream, type SseReader } from '../../src/transports/index.js'

const shim = globalThis as unknown as Record<string, unknown>
shim.window ??= { setTimeout, clearTimeout, fetch: globalThis.fetch }
shim.document ??= { hidden: false, addEventListener() {}, removeEventListener() {} }

const encoder = new TextEncoder()
export function chunks(text: string, size: number): Uint8Array[] {
  const bytes = encoder.encode(text)
  const list: Uint8Array[] = []
  for (let offset = 0; offset < bytes.length; offset += size) list.push(bytes.subarray(offset, offset + size))
  return list
}
export function body(list: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let index = 0
  return new ReadableStream({
    pull(controller) {
      const next = list[index++]
      if (next === undefined) controller.close()
      else controller.enqueue(next)
    },
  })
}

export async function viaReader(reader: SseReader, list: readonly Uint8Array[]): Promise<number> {
  const controller = new AbortController()
  let count = 0
  await reader(
    {
      status: 200,
      headers: {},
      body: guardEventStream(body(list), { maxEventBytes: 16 * 1024 * 1024, signal: controller.signal }),
    },
    { onFrame: () => count++, onCursor: () => {}, onRetry: () => {} },
    controller.signal,
  )
  return count
}

export async function viaPlainFes(list: readonly Uint8Array[]): Promise<number> {
  let count = 0
  await fetchEventSource('', {
    openWhenHidden: true,
    fetch: async () =>
      ({ ok: true, status: 200, headers: new Headers(), body: body(list) }) as unknown as Response,
    onopen: async () => {},
    onmessage: () => {
      count++
    },
    onerror: (error: unknown) => {
      throw error
    },
  })
  return count
}
