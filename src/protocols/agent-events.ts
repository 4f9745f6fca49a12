import type { AgentEvent, Frame, Protocol } from '../core/index.js'

// Placeholder owned by the protocols issue: the kit's own JSON events, one AgentEvent per SSE data.
export const agentEventsProtocol: Protocol = {
  name: 'agent-events',
  createDecoder(options = {}) {
    return {
      decode(frame: Frame): AgentEvent[] {
        try {
          const event = JSON.parse(frame.data) as AgentEvent
          return typeof event === 'object' && event !== null && typeof event.type === 'string' ? [event] : []
        } catch {
          options.onDiagnostic?.({ kind: 'malformed', message: 'data is not JSON', frame })
          return []
        }
      },
      end: () => [],
    }
  },
}
