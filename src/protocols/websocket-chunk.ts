import type { AgentEvent } from '../core/index.js'
import { createReasoningLane, defineProtocol, parseFrameRecord } from './kit.js'
import { errorEvent, errorMessageOf, finishEvent, stringOf } from './shared.js'

/**
 * JSON messages over a WebSocket, the shape most hand-written agent sockets use:
 * `{"type": "chunk", "content": "..."}` for text, `{"type": "done"}` at the end of the answer and
 * `{"type": "error", "message": "..."}` (or `error` / `content` for the text) for a failure.
 * `token` / `delta` / `text` are accepted as aliases of `chunk`, `end` / `complete` of `done`,
 * and `reasoning` / `thinking` chunks become reasoning. Anything else is skipped with a diagnostic.
 */
export const websocketChunkProtocol = defineProtocol('websocket-chunk', (_options, diagnose) => {
  const reasoning = createReasoningLane()
  return {
    decode(frame) {
      const message = parseFrameRecord(frame, diagnose, 'websocket-chunk')
      if (message === undefined) return []
      const type = stringOf(message.type) ?? stringOf(message.event)
      const content = stringOf(message.content) ?? stringOf(message.text) ?? stringOf(message.delta)
      const events: AgentEvent[] = []
      switch (type) {
        case 'chunk':
        case 'token':
        case 'delta':
        case 'text':
          reasoning.close(events)
          if (content) events.push({ type: 'text-delta', text: content })
          return events
        case 'reasoning':
        case 'thinking':
          reasoning.delta(content, events)
          return events
        case 'start':
          return [{ type: 'message-start' }]
        case 'done':
        case 'end':
        case 'complete':
          reasoning.close(events)
          events.push(finishEvent('stop'))
          return events
        case 'error':
          reasoning.close(events)
          events.push(
            errorEvent(
              errorMessageOf(message.message ?? message.error ?? message.content, 'Server error'),
              stringOf(message.code),
            ),
          )
          return events
        default:
          diagnose('unknown-event', `websocket-chunk: skipped message type '${String(type)}'`, frame)
          return []
      }
    },
    // `{type: "done"}` ends every answer.
    hasTerminalEvent: true,
    end: () => [],
  }
})
