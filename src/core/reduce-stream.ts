import { StreamError } from './errors.js'
import type { MessagePart, ToolCallPart } from './messages.js'
import type { ReducerContext, StreamAction } from './reducer.js'
import {
  appendText,
  closeReasoning,
  hasToolCall,
  openMessage,
  settle,
  updateResponse,
  updateToolCall,
} from './reducer-parts.js'
import type { ChatSnapshot } from './snapshot.js'

/** Agent events: the response message's parts, tool calls, and the in-band end of a response. */
export function reduceStreamEvent(
  state: ChatSnapshot,
  action: StreamAction,
  context: ReducerContext,
): ChatSnapshot {
  switch (action.type) {
    case 'message-start':
      if (state.responseMessageId !== undefined) return state
      return openMessage(state, context, action.messageId, action.agent)
    case 'agent-start':
      return openMessage(closeReasoning(state, context), context, action.messageId, action.agent)
    case 'text-delta':
      return appendText(state, context, 'text', action.text)
    case 'reasoning-delta':
      return appendText(state, context, 'reasoning', action.text)
    case 'reasoning-end':
      return closeReasoning(state, context)
    case 'tool-call-start': {
      // A continuation's stream may name a call of the message again (LangGraph's resumed run
      // answers it): keep the one part, with its approval and client result.
      if (hasToolCall(state, action.id)) return state
      const part: ToolCallPart = {
        type: 'tool-call',
        id: action.id,
        name: action.name,
        argsText: '',
        state: 'input-streaming',
        startedAt: context.now,
      }
      return updateResponse(closeReasoning(state, context), context, (parts) => [...parts, part])
    }
    case 'tool-call-delta': {
      const args = action.args
      return updateToolCall(state, context, action.id, (part) => ({
        ...part,
        argsText: part.argsText + action.argsText,
        ...(args === undefined ? {} : { args }),
      }))
    }
    case 'tool-call-end':
      return updateToolCall(state, context, action.id, (part) => ({
        ...part,
        // Only input that was streaming starts running: an awaited, decided or finished call stays so.
        state: part.state === 'input-streaming' ? 'running' : part.state,
        ...(action.args === undefined ? {} : { args: action.args }),
      }))
    case 'tool-result':
      return updateToolCall(state, context, action.id, (part) => ({
        ...part,
        state: 'succeeded',
        result: action.result,
        endedAt: context.now,
      }))
    case 'tool-error':
      return updateToolCall(state, context, action.id, (part) => ({
        ...part,
        state: 'failed',
        error: action.error,
        endedAt: context.now,
      }))
    case 'tool-approval-request':
      return updateToolCall(state, context, action.id, (part) => ({
        ...part,
        state: 'awaiting-approval',
        approval: action.approvalId === undefined ? {} : { id: action.approvalId },
      }))
    case 'tool-denied':
      return updateToolCall(state, context, action.id, (part) => ({
        ...part,
        state: 'denied',
        approval: {
          ...part.approval,
          approved: false,
          ...(action.reason === undefined ? {} : { reason: action.reason }),
        },
        endedAt: context.now,
      }))
    case 'data':
      // Transient data reaches onEvent only; the message never keeps it.
      if (action.transient === true) return state
      return updateResponse(state, context, (parts) => {
        const index =
          action.id === undefined ? -1 : parts.findIndex((p) => p.type === 'data' && p.id === action.id)
        const part: MessagePart = {
          type: 'data',
          name: action.name,
          data: action.data,
          ...(action.id === undefined ? {} : { id: action.id }),
        }
        return index < 0 ? [...parts, part] : parts.map((p, i) => (i === index ? part : p))
      })
    case 'error':
      // The server reported it in-band: the wire itself is fine, so the connection closed, not failed.
      return {
        ...settle(state, context, {
          status: 'error',
          error: new StreamError('server', action.message, { cause: action }),
          reason: 'error',
        }),
        connection: 'closed',
      }
    case 'finish':
      // An error then a finish in one batch (OpenAI Responses' response.failed) stays an error.
      if (state.status === 'error') return action.usage ? { ...state, usage: action.usage } : state
      return {
        ...settle(state, context, { status: 'complete', reason: action.reason ?? 'stop' }),
        usage: action.usage ?? state.usage,
      }
    default:
      action satisfies never
      return state
  }
}
