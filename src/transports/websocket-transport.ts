import { DEFAULT_RETRY, defaultTimers, type TransportContext } from '../core/index.js'
import { createAgentConnection } from './websocket-connection.js'
import {
  DEFAULT_WEBSOCKET_OPTIONS,
  defaultSequenceOf,
  type WebSocketTransport,
  type WebSocketTransportOptions,
} from './websocket-options.js'
import { createResponseRouter, defaultMessage } from './websocket-response.js'

export type { SendResult, WebSocketTransport, WebSocketTransportOptions } from './websocket-options.js'
export { DEFAULT_WEBSOCKET_OPTIONS } from './websocket-options.js'

/**
 * A WebSocket agent: one socket, reconnect with the shared backoff, heartbeat and idle deadline,
 * close-code policy, a bounded outbound queue, and a resume message carrying the last sequence
 * number after a reconnect mid-response. After `connect()` the socket is long-lived: it stays open
 * between responses and reconnects in the background. The socket is `websocket-connection.ts`; the
 * response streaming over it, `websocket-response.ts`.
 */
export function createWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const router = createResponseRouter({
    timers: options.timers ?? defaultTimers(),
    random: options.random ?? Math.random,
    retry: options.retry === false ? undefined : { ...DEFAULT_RETRY, ...options.retry },
    sequenceOf: options.sequenceOf ?? defaultSequenceOf,
    resumeMessage:
      options.resumeMessage === undefined
        ? (lastSeq: number) => JSON.stringify({ type: 'resume', lastSeq })
        : options.resumeMessage,
  })
  const connection = createAgentConnection(options, router)

  // The socket's own members (getters included) stay on the object; the response side is added.
  const transport: WebSocketTransport = Object.assign(connection.socketSide, {
    name: 'websocket',
    send(data: string) {
      return transport.sendRaw(data) === 'sent' ? ('sent' as const) : ('queued' as const)
    },
    onMessage: router.listen,
    stream(context: TransportContext) {
      return router.stream(context, {
        start() {
          connection.connectForResponse()
          const resume = router.resumeAfterReconnect()
          if (resume === undefined)
            transport.send(options.encodeMessage ? options.encodeMessage(context) : defaultMessage(context))
          // A socket still opening sends it itself once open, as after any reconnect mid-answer.
          else connection.sendIfOpen(resume)
        },
        idle: connection.responsesIdle,
      })
    },
    async cancel() {
      if (options.cancelMessage === false) return
      connection.sendIfOpen(options.cancelMessage ?? DEFAULT_WEBSOCKET_OPTIONS.cancelMessage)
    },
  })
  return transport
}
