import { forkAt, switchBranch } from './branches.js'
import type { ChatMessage, ToolCallPart } from './messages.js'
import type { ReducerContext, SessionAction } from './reducer.js'
import { capMessages, settle } from './reducer-parts.js'
import { type ChatSnapshot, countCharacters, initialSnapshot, type ReconnectInfo } from './snapshot.js'
import { type ConnectionStatus, isActiveStatus } from './status.js'

/** What the snapshot says about a response, with no response: a new question or another version clears it. */
const NO_RESPONSE = {
  error: undefined,
  responseMessageId: undefined,
  responseCharacters: 0,
  finishReason: undefined,
  usage: undefined,
  lastEventId: undefined,
  resumable: false,
} as const satisfies Partial<ChatSnapshot>

/** Session bookkeeping: responses starting and ending, the connection, tools decided on the client, versions. */
export function reduceSessionAction(
  state: ChatSnapshot,
  action: SessionAction,
  context: ReducerContext,
): ChatSnapshot {
  switch (action.type) {
    case 'session/submit':
      return {
        ...capMessages({ ...state, messages: action.messages }, context),
        ...NO_RESPONSE,
        status: 'submitted',
        connection: 'connecting',
        reconnect: undefined,
        totalCharacters: countCharacters(action.messages),
        continuations: 0,
      }
    case 'session/resume':
      return {
        ...state,
        status: state.responseCharacters > 0 ? 'streaming' : 'submitted',
        connection: 'connecting',
        error: undefined,
        finishReason: undefined,
        reconnect: undefined,
      }
    case 'session/follow':
      return { ...state, connection: 'connecting', reconnect: undefined }
    case 'session/attach':
      if (isActiveStatus(state.status)) return state
      return {
        ...state,
        status: 'submitted',
        error: undefined,
        finishReason: undefined,
        usage: undefined,
        lastEventId: undefined,
        resumable: false,
      }
    case 'session/replay':
      return replaceAnswer(state)
    case 'session/connection':
      return reduceConnection(state, action.connection, action.reconnect)
    case 'session/disconnect': {
      // Reading stopped, the server goes on: the response can continue if `resumable`.
      const closed = reduceConnection(state, 'closed', undefined)
      return closed.resumable === action.resumable ? closed : { ...closed, resumable: action.resumable }
    }
    case 'session/metrics':
      return state.metrics === action.metrics ? state : { ...state, metrics: action.metrics }
    case 'session/cursor':
      return state.lastEventId === action.lastEventId ? state : { ...state, lastEventId: action.lastEventId }
    case 'session/settle':
      return settle(state, context, action)
    case 'session/set-messages':
      return capMessages(
        {
          ...state,
          messages: action.messages,
          totalCharacters: countCharacters(action.messages),
          responseMessageId: action.messages.some((m) => m.id === state.responseMessageId)
            ? state.responseMessageId
            : undefined,
        },
        context,
      )
    case 'session/reset':
      return initialSnapshot()
    case 'session/tool-decision':
      return updateAnyToolCall(state, action.id, (part) => ({
        ...part,
        state: action.approved ? 'running' : 'denied',
        approval: {
          ...part.approval,
          approved: action.approved,
          ...(action.reason === undefined ? {} : { reason: action.reason }),
        },
        ...(action.approved ? {} : { endedAt: context.now }),
      }))
    case 'session/client-tool':
      return updateAnyToolCall(state, action.id, (part) => ({ ...part, runBy: 'client' }))
    case 'session/tool-outcome':
      return updateAnyToolCall(state, action.id, (part) => ({
        ...part,
        runBy: 'client',
        ...('error' in action.outcome
          ? { state: 'failed', error: action.outcome.error }
          : { state: 'succeeded', result: action.outcome.result }),
        endedAt: context.now,
      }))
    case 'session/continue': {
      const message = state.messages.find((m) => m.id === action.messageId)
      return {
        ...state,
        status: 'submitted',
        connection: 'connecting',
        error: undefined,
        responseMessageId: message?.id,
        responseCharacters: message ? countCharacters([message]) : 0,
        finishReason: undefined,
        usage: undefined,
        lastEventId: undefined,
        resumable: false,
        reconnect: undefined,
        continuations: (state.continuations ?? 0) + 1,
      }
    }
    case 'session/fork': {
      const forked = forkAt(state, action.position, context.caps)
      return forked === state ? state : { ...forked, totalCharacters: countCharacters(forked.messages) }
    }
    case 'session/switch-branch': {
      const switched = switchBranch(state, action.messageId, action.target)
      if (switched === state) return state
      // The response the status described is no longer (all) on the path.
      return {
        ...switched,
        ...NO_RESPONSE,
        status: 'idle',
        totalCharacters: countCharacters(switched.messages),
      }
    }
    default:
      action satisfies never
      return state
  }
}

/** Applies `change` to a tool call in any message (a client decision may come after the response settled). */
function updateAnyToolCall(
  state: ChatSnapshot,
  id: string,
  change: (part: ToolCallPart) => ToolCallPart,
): ChatSnapshot {
  for (let index = state.messages.length - 1; index >= 0; index--) {
    const message = state.messages[index] as ChatMessage
    const at = message.parts.findLastIndex((p) => p.type === 'tool-call' && p.id === id)
    const part = message.parts[at]
    if (part?.type !== 'tool-call') continue
    const messages = state.messages.slice()
    messages[index] = { ...message, parts: message.parts.map((p, i) => (i === at ? change(part) : p)) }
    return { ...state, messages }
  }
  return { ...state, droppedCount: state.droppedCount + 1 }
}

/** Drops the assistant messages after the last user message: a replay from the start rewrites them. */
function replaceAnswer(state: ChatSnapshot): ChatSnapshot {
  let keep = state.messages.length
  while (keep > 0 && state.messages[keep - 1]?.role === 'assistant') keep--
  const messages = keep === state.messages.length ? state.messages : state.messages.slice(0, keep)
  return {
    ...state,
    messages,
    status: 'submitted',
    responseMessageId: undefined,
    responseCharacters: 0,
    totalCharacters: countCharacters(messages),
  }
}

/** The wire under the response changed: the status follows (reconnecting, offline, back to streaming). */
function reduceConnection(
  state: ChatSnapshot,
  connection: ConnectionStatus,
  reconnect: ReconnectInfo | undefined,
): ChatSnapshot {
  if (state.connection === connection && state.reconnect === reconnect) return state
  const reconnecting = connection === 'reconnecting'
  let status = state.status
  if (connection === 'offline' && isActiveStatus(status)) status = 'offline'
  else if (reconnecting && isActiveStatus(status)) status = 'reconnecting'
  else if (
    (connection === 'open' || connection === 'connecting') &&
    (status === 'reconnecting' || status === 'offline')
  )
    status = state.responseCharacters > 0 ? 'streaming' : 'submitted'
  return { ...state, connection, status, reconnect: reconnecting ? reconnect : undefined }
}
