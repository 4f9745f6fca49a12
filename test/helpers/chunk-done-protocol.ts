import type { AgentEvent, Protocol } from '../../src/core/index.js'

/** Test stand-in for the protocols engineer's `{type: "chunk" | "done"}` WebSocket decoder. */
export const chunkDoneProtocol: Protocol = {
  name: 'test-chunk-done',
  createDecoder: () => ({
    decode(frame): AgentEvent[] {
      const message = JSON.parse(frame.data) as { type?: string; content?: string }
      if (message.type === 'chunk' && typeof message.content === 'string')
        return [{ type: 'text-delta', text: message.content }]
      if (message.type === 'done') return [{ type: 'finish', reason: 'stop' }]
      return []
    },
    end: () => [],
  }),
}
