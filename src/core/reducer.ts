import { type BranchTarget, dropEmptyVersion, forkAt, pruneForks, switchBranch } from './branches.js'
import type { SessionCaps } from './caps.js'
import { StreamError } from './errors.js'
import type { AgentEvent, FinishReason } from './events.js'
import type { ChatMessage, MessagePart, ReasoningPart, ToolCallPart, ToolOutcome } from './messages.js'
import { type ChatSnapshot, countCharacters, initialSnapshot, type ReconnectInfo } from './snapshot.js'
import { type ConnectionStatus, isActiveStatus } from './status.js'

/** Session bookkeeping that is not an agent event. */
export type SessionAction =
  /** A new response starts; `messages` already holds the user's message. */
  | { type: 'session/submit'; messages: readonly ChatMessage[] }
  /** An interrupted response continues from the cursor. */
  | { type: 'session/resume' }
  /** The chat's stream is requested from its start (reload, second tab): nothing shows until it answers. */
  | { type: 'session/follow' }
  /** The followed stream answered: a response is in progress. */
  | { type: 'session/attach' }
  /** A stream read from its first event supersedes the answer shown after the last user message. */
  | { type: 'session/replay' }
  | { type: 'session/connection'; connection: ConnectionStatus; reconnect?: ReconnectInfo | undefined }
  | { type: 'session/cursor'; lastEventId: string | undefined }
  | {
      type: 'session/settle'
      status: 'complete' | 'cancelled' | 'error'
      error?: StreamError | undefined
      reason?: FinishReason | undefined
      resumable?: boolean | undefined
    }
  | { type: 'session/set-messages'; messages: readonly ChatMessage[] }
  | { type: 'session/reset' }
  /** A person approved or denied a tool call that awaited approval. */
  | { type: 'session/tool-decision'; id: string; approved: boolean; reason?: string | undefined }
  /** `onToolCall` took the call: the app runs it in the browser. */
  | { type: 'session/client-tool'; id: string }
  /** A client-side tool finished (`onToolCall` or `addToolResult`). */
  | { type: 'session/tool-outcome'; id: string; outcome: ToolOutcome }
  /** A continuation request starts: it streams into the assistant message `messageId`. */
  | { type: 'session/continue'; messageId: string }
  /** Sets aside the path from `position` on as a version of the fork there (an edit, a regeneration). */
  | { type: 'session/fork'; position: number }
  /** Shows another version at the fork where `messageId` sits (nothing streams: the session stopped it). */
  | { type: 'session/switch-branch'; messageId: string; target: BranchTarget }

/** Everything the reducer changes state with. */
export type ChatAction = AgentEvent | SessionAction

/** What the reducer may ask the outside world; keeps `reduce` deterministic for a given context. */
export interface ReducerContext {
  now: number
  caps: SessionCaps
  createId(): string
  /** Feeds a tool call's argument fragment to its incremental parser and returns the best-effort value. */
  parseToolArgs(id: string, fragment: string): unknown
}

/** The one reducer: every state change goes through here. Unknown tool-call ids are counted, not thrown. */
export function reduce(state: ChatSnapshot, action: ChatAction, context: ReducerContext): ChatSnapshot {
  const next = reduceAction(state, action, context)
  // Forks are keyed by message ids on the path: check them when the path's shape changed (never per token).
  const reshaped = next.messages.length !== state.messages.length || action.type === 'session/set-messages'
  return next !== state && reshaped ? pruneForks(next, action.type === 'session/set-messages') : next
}

function reduceAction(state: ChatSnapshot, action: ChatAction, context: ReducerContext): ChatSnapshot {
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
      const args = context.parseToolArgs(action.id, action.argsText)
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
    case 'session/submit':
      return {
        ...capMessages({ ...state, messages: action.messages }, context),
        status: 'submitted',
        connection: 'connecting',
        error: undefined,
        responseMessageId: undefined,
        responseCharacters: 0,
        finishReason: undefined,
        usage: undefined,
        lastEventId: undefined,
        resumable: false,
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
    case 'session/connection': {
      if (state.connection === action.connection && state.reconnect === action.reconnect) return state
      const reconnecting = action.connection === 'reconnecting'
      let status = state.status
      if (action.connection === 'offline' && isActiveStatus(status)) status = 'offline'
      else if (reconnecting && isActiveStatus(status)) status = 'reconnecting'
      else if (
        (action.connection === 'open' || action.connection === 'connecting') &&
        (status === 'reconnecting' || status === 'offline')
      )
        status = state.responseCharacters > 0 ? 'streaming' : 'submitted'
      return {
        ...state,
        connection: action.connection,
        status,
        reconnect: reconnecting ? action.reconnect : undefined,
      }
    }
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
        status: 'idle',
        error: undefined,
        responseMessageId: undefined,
        responseCharacters: 0,
        finishReason: undefined,
        usage: undefined,
        lastEventId: undefined,
        resumable: false,
        totalCharacters: countCharacters(switched.messages),
      }
    }
    default:
      action satisfies never
      return state
  }
}

function settle(
  state: ChatSnapshot,
  context: ReducerContext,
  outcome: {
    status: 'complete' | 'cancelled' | 'error'
    error?: StreamError | undefined
    reason?: FinishReason | undefined
    resumable?: boolean | undefined
  },
): ChatSnapshot {
  const closed = closeReasoning(state, context)
  // A regeneration that ended before its first token leaves nothing worth a version.
  const restored = dropEmptyVersion(closed)
  return {
    ...restored,
    totalCharacters: restored === closed ? closed.totalCharacters : countCharacters(restored.messages),
    status: outcome.status,
    error: outcome.error,
    finishReason: outcome.reason ?? closed.finishReason,
    connection: outcome.status === 'error' && outcome.error?.code !== 'interrupted' ? 'failed' : 'closed',
    reconnect: undefined,
    // The restored version is not the response that was cut: nothing to resume into.
    resumable: restored === closed ? (outcome.resumable ?? false) : false,
  }
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

function openMessage(
  state: ChatSnapshot,
  context: ReducerContext,
  messageId: string | undefined,
  agent: string | undefined,
): ChatSnapshot {
  const message: ChatMessage = {
    id: messageId ?? context.createId(),
    role: 'assistant',
    parts: [],
    ...(agent === undefined ? {} : { agent }),
  }
  return capMessages(
    {
      ...state,
      messages: [...state.messages, message],
      responseMessageId: message.id,
      responseCharacters: 0,
    },
    context,
  )
}

function capMessages(state: ChatSnapshot, context: ReducerContext): ChatSnapshot {
  const excess = state.messages.length - context.caps.maxMessages
  if (excess <= 0) return state
  const dropped = state.messages.slice(0, excess)
  return {
    ...state,
    messages: state.messages.slice(excess),
    droppedMessages: state.droppedMessages + excess,
    totalCharacters: state.totalCharacters - countCharacters(dropped),
  }
}

/** Applies `change` to the parts of the response message, opening one when the response has none yet. */
function updateResponse(
  state: ChatSnapshot,
  context: ReducerContext,
  change: (parts: readonly MessagePart[]) => MessagePart[] | undefined,
): ChatSnapshot {
  const opened =
    state.responseMessageId === undefined ? openMessage(state, context, undefined, undefined) : state
  const messages = opened.messages
  let index = messages.length - 1
  while (index >= 0 && messages[index]?.id !== opened.responseMessageId) index--
  const message = messages[index]
  if (message === undefined) return { ...state, droppedCount: state.droppedCount + 1 }
  const parts = change(message.parts)
  if (parts === undefined) return { ...state, droppedCount: state.droppedCount + 1 }
  const next = messages.slice()
  next[index] = { ...message, parts }
  return { ...opened, messages: next }
}

function appendText(
  state: ChatSnapshot,
  context: ReducerContext,
  kind: 'text' | 'reasoning',
  text: string,
): ChatSnapshot {
  if (text === '') return state
  const room = Math.max(
    0,
    Math.min(
      context.caps.maxMessageChars - state.responseCharacters,
      context.caps.maxTotalChars - state.totalCharacters,
    ),
  )
  const kept = text.length > room ? text.slice(0, room) : text
  const droppedCharacters = text.length - kept.length
  const status =
    state.status === 'submitted' || state.status === 'reconnecting' || state.status === 'offline'
      ? 'streaming'
      : state.status
  const base: ChatSnapshot =
    droppedCharacters > 0
      ? { ...state, truncated: true, droppedCharacters: state.droppedCharacters + droppedCharacters, status }
      : { ...state, status }
  if (kept === '') return base
  const source = kind === 'text' ? closeReasoning(base, context) : base
  const next = updateResponse(source, context, (parts) => {
    const last = parts[parts.length - 1]
    if (kind === 'text' && last?.type === 'text') {
      return [...parts.slice(0, -1), { type: 'text', text: last.text + kept }]
    }
    if (kind === 'reasoning' && last?.type === 'reasoning' && last.state === 'streaming') {
      return [...parts.slice(0, -1), { ...last, text: last.text + kept }]
    }
    const part: MessagePart =
      kind === 'text'
        ? { type: 'text', text: kept }
        : { type: 'reasoning', text: kept, state: 'streaming', startedAt: context.now }
    return [...parts, part]
  })
  return {
    ...next,
    responseCharacters: next.responseCharacters + kept.length,
    totalCharacters: next.totalCharacters + kept.length,
  }
}

/** Marks a streaming reasoning part done: thinking ends when anything else starts. */
function closeReasoning(state: ChatSnapshot, context: ReducerContext): ChatSnapshot {
  const message = state.messages.find((m) => m.id === state.responseMessageId)
  const last = message?.parts[message.parts.length - 1]
  if (last?.type !== 'reasoning' || last.state !== 'streaming') return state
  const done: ReasoningPart = {
    ...last,
    state: 'done',
    durationMs: last.startedAt === undefined ? 0 : context.now - last.startedAt,
  }
  return updateResponse(state, context, (parts) => [...parts.slice(0, -1), done])
}

function updateToolCall(
  state: ChatSnapshot,
  context: ReducerContext,
  id: string,
  change: (part: ToolCallPart) => ToolCallPart,
): ChatSnapshot {
  if (state.responseMessageId === undefined) return { ...state, droppedCount: state.droppedCount + 1 }
  return updateResponse(state, context, (parts) => {
    const index = parts.findLastIndex((p) => p.type === 'tool-call' && p.id === id)
    const part = parts[index]
    if (part?.type !== 'tool-call') return undefined
    return parts.map((p, i) => (i === index ? change(part) : p))
  })
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

/** The response message already holds a tool call with this id. */
function hasToolCall(state: ChatSnapshot, id: string): boolean {
  const message = state.messages.find((m) => m.id === state.responseMessageId)
  return message?.parts.some((part) => part.type === 'tool-call' && part.id === id) === true
}
