import { type AgentEvent, encodeSseEvent, type FinishReason } from '../core/index.js'

/** One AG-UI event as `@ag-ui/encoder` writes it: a `data:` line of JSON. */
function agUiEvent(event: Record<string, unknown>): string {
  return encodeSseEvent(JSON.stringify(event))
}

function outcomeFor(reason: FinishReason | undefined, runId: string): Record<string, unknown> {
  if (reason === 'cancelled') return { type: 'cancelled' }
  if (reason === 'interrupted')
    return { type: 'interrupt', interrupts: [{ id: `${runId}-interrupt`, reason: 'mock_interrupt' }] }
  return { type: 'success' }
}

/**
 * A mock agent script as an AG-UI 1.0 run: RUN_STARTED, text and reasoning messages opened and
 * closed around their deltas, tool calls with TOOL_CALL_RESULT (results as JSON text), data as
 * CUSTOM events, an error as RUN_ERROR and the finish as RUN_FINISHED (with the outcome and usage).
 * Each agent of a multi-agent script names its text messages (`name`).
 */
export function encodeAgUi(events: readonly AgentEvent[], runId = 'mock-run'): string[] {
  const out = [agUiEvent({ type: 'RUN_STARTED', threadId: 'mock-thread', runId })]
  let messages = 0
  let text: string | undefined
  let reasoning: string | undefined
  let agent: string | undefined
  const closeText = () => {
    if (text !== undefined) out.push(agUiEvent({ type: 'TEXT_MESSAGE_END', messageId: text }))
    text = undefined
  }
  const closeReasoning = () => {
    if (reasoning === undefined) return
    out.push(agUiEvent({ type: 'REASONING_MESSAGE_END', messageId: reasoning }))
    out.push(agUiEvent({ type: 'REASONING_END', messageId: `${reasoning}-span` }))
    reasoning = undefined
  }
  for (const event of events) {
    switch (event.type) {
      case 'text-delta':
        closeReasoning()
        if (text === undefined) {
          text = `${runId}-msg-${++messages}`
          out.push(
            agUiEvent({
              type: 'TEXT_MESSAGE_START',
              messageId: text,
              ...(agent === undefined ? {} : { name: agent }),
            }),
          )
        }
        out.push(agUiEvent({ type: 'TEXT_MESSAGE_CONTENT', messageId: text, delta: event.text }))
        break
      case 'reasoning-delta':
        closeText()
        if (reasoning === undefined) {
          reasoning = `${runId}-thinking-${++messages}`
          out.push(agUiEvent({ type: 'REASONING_START', messageId: `${reasoning}-span` }))
          out.push(agUiEvent({ type: 'REASONING_MESSAGE_START', messageId: reasoning, role: 'reasoning' }))
        }
        out.push(agUiEvent({ type: 'REASONING_MESSAGE_CONTENT', messageId: reasoning, delta: event.text }))
        break
      case 'reasoning-end':
        closeReasoning()
        break
      case 'agent-start':
        closeText()
        closeReasoning()
        agent = event.agent
        break
      case 'tool-call-start':
        closeText()
        closeReasoning()
        out.push(agUiEvent({ type: 'TOOL_CALL_START', toolCallId: event.id, toolCallName: event.name }))
        break
      case 'tool-call-delta':
        out.push(agUiEvent({ type: 'TOOL_CALL_ARGS', toolCallId: event.id, delta: event.argsText }))
        break
      case 'tool-call-end':
        out.push(agUiEvent({ type: 'TOOL_CALL_END', toolCallId: event.id }))
        break
      case 'tool-result':
      case 'tool-error': {
        const content = event.type === 'tool-error' ? `Error: ${event.error}` : event.result
        out.push(
          agUiEvent({
            type: 'TOOL_CALL_RESULT',
            messageId: `${event.id}-result`,
            toolCallId: event.id,
            content: typeof content === 'string' ? content : JSON.stringify(content),
          }),
        )
        break
      }
      case 'data':
        out.push(agUiEvent({ type: 'CUSTOM', name: event.name, value: event.data }))
        break
      case 'error':
        out.push(
          agUiEvent({
            type: 'RUN_ERROR',
            message: event.message,
            ...(event.code === undefined ? {} : { code: event.code }),
          }),
        )
        return out
      case 'finish': {
        closeText()
        closeReasoning()
        const usage = event.usage === undefined ? {} : { usage: [{ provider: 'mock', ...event.usage }] }
        const outcome = outcomeFor(event.reason, runId)
        out.push(agUiEvent({ type: 'RUN_FINISHED', threadId: 'mock-thread', runId, outcome, ...usage }))
        return out
      }
      case 'message-start':
      // AG-UI has no approval events: a producer asks through an interrupt outcome instead.
      case 'tool-approval-request':
      case 'tool-denied':
        break
      default:
        event satisfies never
    }
  }
  return out
}
