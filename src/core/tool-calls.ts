import type { ChatMessage, ToolCallPart, ToolOutcome } from './messages.js'
import type { ChatSnapshot } from './snapshot.js'

/** What `onToolCall` receives: a tool call whose input is complete. */
export interface ToolCallContext {
  toolCall: ToolCallPart
  /** The assistant message that holds the call. */
  message: ChatMessage
  /** Aborts on `stop()`, `reset()`, `dispose()` and on the next `send()`: a result after that is dropped. */
  signal: AbortSignal
}

/**
 * Runs a client-side tool. Return `undefined` when the call is not yours (the backend runs it); return
 * the result, or a promise of it, to run it in the browser (the part gets `runBy: 'client'`). A throw
 * or a rejection becomes the tool's error.
 */
export type OnToolCall = (context: ToolCallContext) => unknown

/** What `autoContinue` may be: on, off, or decided per continuation from the snapshot. */
export type AutoContinue = boolean | ((snapshot: ChatSnapshot) => boolean)

/** The tool calls a continuation answers, as `prepareRequest` and decoders see them. */
export interface ToolContinuation {
  /** The assistant message that continues (the continuation streams into it). */
  messageId: string
  /** Every tool call of the current turn, with its result, error or decision. */
  toolCalls: readonly ToolCallPart[]
}

/** The messages after the last user message: the current turn. */
export function currentTurn(messages: readonly ChatMessage[]): readonly ChatMessage[] {
  let index = messages.length - 1
  while (index >= 0 && messages[index]?.role !== 'user') index--
  return messages.slice(index + 1)
}

/** The tool calls of some messages, in order. */
export function toolCallsOf(messages: readonly ChatMessage[]): ToolCallPart[] {
  const calls: ToolCallPart[] = []
  for (const message of messages)
    for (const part of message.parts) if (part.type === 'tool-call') calls.push(part)
  return calls
}

/** A tool call of the current turn, with its message. */
export function findTurnToolCall(
  messages: readonly ChatMessage[],
  id: string,
): { message: ChatMessage; part: ToolCallPart } | undefined {
  const turn = currentTurn(messages)
  for (let index = turn.length - 1; index >= 0; index--) {
    const message = turn[index] as ChatMessage
    const part = message.parts.findLast((p): p is ToolCallPart => p.type === 'tool-call' && p.id === id)
    if (part) return { message, part }
  }
  return undefined
}

/** Nothing more will happen to this call on the client: it has a result, an error, or a decision. */
export function isToolCallSettled(part: ToolCallPart): boolean {
  if (part.state === 'succeeded' || part.state === 'failed' || part.state === 'denied') return true
  return part.state === 'running' && part.approval?.approved === true
}

/** A call that waits for a person or for a client tool. */
export function awaitsClient(part: ToolCallPart): boolean {
  return (
    (part.state === 'awaiting-approval' && part.approval?.approved === undefined) ||
    (part.state === 'running' && part.runBy === 'client')
  )
}

/** The continuation of the current turn, when it has tool calls and every one of them is settled. */
export function readyContinuation(messages: readonly ChatMessage[]): ToolContinuation | undefined {
  const turn = currentTurn(messages)
  const last = turn[turn.length - 1]
  if (last?.role !== 'assistant') return undefined
  const toolCalls = toolCallsOf(turn)
  if (toolCalls.length === 0 || !toolCalls.every(isToolCallSettled)) return undefined
  return { messageId: last.id, toolCalls }
}

/** Checks what `addToolResult` was given; returns the reason when it is not an outcome. */
export function checkToolOutcome(outcome: unknown): ToolOutcome | string {
  if (typeof outcome !== 'object' || outcome === null) return 'the outcome must be {result} or {error}'
  if ('error' in outcome) {
    const error = (outcome as { error: unknown }).error
    return typeof error === 'string' ? { error } : 'the error must be a string'
  }
  if ('result' in outcome) return { result: (outcome as { result: unknown }).result }
  return 'the outcome must be {result} or {error}'
}

/** The message of anything thrown by a client tool. */
export function toolErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name
  return typeof error === 'string' && error !== '' ? error : 'Tool failed'
}

export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}

/** The session options for client tools and continuations (docs/tools.md). */
export interface ClientToolOptions {
  /**
   * Runs client-side tools: called once per tool call whose input is complete. Return `undefined`
   * for calls the backend runs; a value or a promise is the result; a throw is the tool's error.
   * @default undefined (no client tools)
   */
  onToolCall?: OnToolCall | undefined
  /**
   * Whether to send the continuation by itself once every tool call of the turn is settled and the
   * client settled one of them (docs/tools.md). A function decides each time from the snapshot;
   * `false` leaves it to `continueResponse()`. @default true
   */
  autoContinue?: AutoContinue | undefined
  /**
   * Automatic continuations in a row without a user message; the next one is not sent and the
   * response ends with a `continuation_limit` error. @default 5
   */
  maxAutoContinuations?: number | undefined
}
