import { StreamError } from '../core/errors.js'
import type { ChatTransport, TransportContext, TransportFrame } from '../core/transport.js'

/**
 * A transport whose code `load` brings (a dynamic import): once loaded, every call goes straight to
 * it; before, `stream` and `cancel` wait for the load. A load that fails is a retryable 'network'
 * StreamError for that response, and is forgotten so that the next response tries again.
 */
export function createDeferredTransport(name: string, load: () => Promise<ChatTransport>): ChatTransport {
  let transport: ChatTransport | undefined
  let loading: Promise<ChatTransport> | undefined
  const ready = (): Promise<ChatTransport> => {
    if (transport) return Promise.resolve(transport)
    loading ??= load().then(
      (loaded) => {
        transport = loaded
        return loaded
      },
      (cause: unknown) => {
        loading = undefined
        throw new StreamError('network', `the ${name} transport could not be loaded`, {
          cause,
          retryable: true,
        })
      },
    )
    return loading
  }
  async function* streamLater(context: TransportContext): AsyncGenerator<TransportFrame> {
    yield* (await ready()).stream(context)
  }
  return {
    name,
    stream: (context) => (transport ? transport.stream(context) : streamLater(context)),
    async cancel(context) {
      // Best-effort like every cancel: a transport that never loaded has nothing to cancel.
      if (transport?.cancel) await transport.cancel(context)
    },
    close: () => transport?.close?.(),
  }
}
