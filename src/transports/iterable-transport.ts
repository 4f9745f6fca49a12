import type { ChatTransport, TransportContext, TransportFrame } from '../core/index.js'

/** Produces one response's frames (a frame's `id` is the cursor after it); strings are taken as frame data. */
export type FrameSource = (
  context: TransportContext,
) => AsyncIterable<TransportFrame | string> | Iterable<TransportFrame | string>

/**
 * A transport over any (async) iterable: server actions, custom sockets, tests. No retries: the
 * source owns its connection. Stops pulling as soon as the response is aborted.
 */
export function createIterableTransport(source: FrameSource, name = 'iterable'): ChatTransport {
  return {
    name,
    async *stream(context) {
      if (context.signal.aborted) return
      context.onConnection({ status: 'open' })
      for await (const item of source(context)) {
        if (context.signal.aborted) return
        yield typeof item === 'string' ? { data: item } : item
      }
    },
  }
}
