import type { AgentEvent } from '../core/index.js'
import { createFinishOnce, defineProtocol, isDoneSentinel } from './kit.js'
import { errorEvent, finishEvent } from './shared.js'

/**
 * Plain text over SSE: each `data:` is a chunk of the answer, as FastAPI's `StreamingResponse`
 * writes it (`yield f"data: {chunk}\n\n"`). A chunk with newlines arrives as several `data:` lines
 * that the transport joins with '\n', so the text comes out intact.
 *
 * - `event: error` carries the error message as its data.
 * - `data: [DONE]`, `event: done` or `event: end` finishes the response. Without one, the session
 *   completes the response when the stream ends cleanly (`end()` also runs after a drop, so the
 *   decoder never invents a finish).
 * - Other named events (`ping`, `heartbeat`, ...) are skipped with a diagnostic.
 */
export const plainTextProtocol = defineProtocol('plain-text', (_options, diagnose) => {
  const finishing = createFinishOnce(() => [finishEvent('stop')])
  return {
    decode(frame): AgentEvent[] {
      if (finishing.finished) return []
      const event = frame.event ?? 'message'
      if (event === 'error') {
        return [errorEvent(frame.data || 'Server error')]
      }
      if (event === 'done' || event === 'end' || (event === 'message' && isDoneSentinel(frame.data))) {
        return finishing.finish()
      }
      if (event !== 'message') {
        diagnose('unknown-event', `plain-text: skipped event '${event}'`, frame)
        return []
      }
      return frame.data === '' ? [] : [{ type: 'text-delta', text: frame.data }]
    },
    // FastAPI's StreamingResponse just stops: a clean end of body completes.
    hasTerminalEvent: false,
    end: () => [],
  }
})
