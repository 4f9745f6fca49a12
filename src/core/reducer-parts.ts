import { dropEmptyVersion } from './branches.js'
import type { StreamError } from './errors.js'
import type { FinishReason } from './events.js'
import type { ChatMessage, MessagePart, ReasoningPart, ToolCallPart } from './messages.js'
import type { ReducerContext } from './reducer.js'
import { type ChatSnapshot, countCharacters } from './snapshot.js'
import { isActiveStatus } from './status.js'

/** How a response ends, as `settle` takes it. */
export interface SettleOutcome {
  status: 'complete' | 'cancelled' | 'error'
  error?: StreamError | undefined
  reason?: FinishReason | undefined
  resumable?: boolean | undefined
}

export function settle(state: ChatSnapshot, context: ReducerContext, outcome: SettleOutcome): ChatSnapshot {
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

export function openMessage(
  state: ChatSnapshot,
  context: ReducerContext,
  messageId: string | undefined,
  agent: string | undefined,
): ChatSnapshot {
  const message: ChatMessage = {
    id: messageId ?? context.newMessageId,
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

export function capMessages(state: ChatSnapshot, context: ReducerContext): ChatSnapshot {
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
export function updateResponse(
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

export function appendText(
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
  // The first token (or one after a reconnect) means the response streams again.
  const status = isActiveStatus(state.status) ? 'streaming' : state.status
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
export function closeReasoning(state: ChatSnapshot, context: ReducerContext): ChatSnapshot {
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

export function updateToolCall(
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

/** The response message already holds a tool call with this id. */
export function hasToolCall(state: ChatSnapshot, id: string): boolean {
  const message = state.messages.find((m) => m.id === state.responseMessageId)
  return message?.parts.some((part) => part.type === 'tool-call' && part.id === id) === true
}
