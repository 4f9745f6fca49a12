import { StreamError } from '../core/errors.js'
import { createLoader } from '../core/loader.js'
import type { ChatTransport, TransportContext, TransportFrame } from '../core/transport.js'

/**
 * A transport whose code `load` brings (a dynamic import): once loaded, every call goes straight to
 * it; before, `stream` waits for the load. A load that fails is a retryable 'network' StreamError
 * for that response, and is forgotten so that the next response tries again.
 */
export function createDeferredTransport(name: string, load: () => Promise<ChatTransport>): ChatTransport {
  const transport = createLoader(load)
  async function* streamLater(context: TransportContext): AsyncGenerator<TransportFrame> {
    let loaded: ChatTransport
    try {
      loaded = await transport.load()
    } catch (cause) {
      throw new StreamError('network', `the ${name} transport could not be loaded`, {
        cause,
        retryable: true,
      })
    }
    yield* loaded.stream(context)
  }
  return {
    name,
    stream: (context) => transport.loaded()?.stream(context) ?? streamLater(context),
    async cancel(context) {
      // Best-effort like every cancel: a transport that never loaded has nothing to cancel.
      await transport.loaded()?.cancel?.(context)
    },
    close: () => transport.loaded()?.close?.(),
  }
}
