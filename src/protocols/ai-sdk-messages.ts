// The request side of the AI SDK: a route built with `streamText(...).toUIMessageStreamResponse()`
// reads `messages` as the SDK's UI messages (`{id, role, parts}`) and runs them through
// `convertToModelMessages`. The kit's default body sends `{id, role, content}`; `toUIMessages`
// gives such a route what it expects, including the approval decisions a continuation carries.
import type { ChatMessage, MessagePart, ToolCallPart } from '../core/messages.js'
import type { ToolContinuation } from '../core/tool-calls.js'

/** The approval on a tool part, as the AI SDK's UI messages carry it. */
export interface UIToolApproval {
  id: string
  approved?: boolean
  reason?: string
}

/** One part of an AI SDK UI message, as `toUIMessages` writes it (a subset of the SDK's union). */
export type UIMessagePartLike =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  | { type: 'step-start' }
  | { type: `data-${string}`; id?: string; data: unknown }
  | {
      type: `tool-${string}`
      toolCallId: string
      state:
        | 'input-streaming'
        | 'input-available'
        | 'approval-requested'
        | 'approval-responded'
        | 'output-available'
        | 'output-error'
        | 'output-denied'
      input?: unknown
      output?: unknown
      errorText?: string
      approval?: UIToolApproval
    }

/** An AI SDK UI message (`UIMessage` of the `ai` package, structurally). */
export interface UIMessageLike {
  id: string
  role: 'system' | 'user' | 'assistant'
  parts: UIMessagePartLike[]
  metadata?: unknown
}

export interface ToUIMessagesOptions {
  /**
   * The continuation this request sends (`prepareRequest`'s `continuation`): in the message it
   * continues, decided approvals become `approval-responded`, so the route runs or skips those
   * tools. Without it every decision counts as already answered by the backend.
   */
  continuation?: ToolContinuation | undefined
}

/**
 * The chat as AI SDK UI messages, for a `toUIMessageStreamResponse` route:
 *
 * ```ts
 * useStreamingChat({
 *   api: '/api/chat',
 *   protocol: 'ai-sdk',
 *   prepareRequest: ({ messages, continuation, request }) => ({
 *     ...request,
 *     body: JSON.stringify({ messages: toUIMessages(messages, { continuation }) }),
 *   }),
 * })
 * ```
 *
 * Text and reasoning keep their order; a `step-start` goes before text that follows a tool call
 * (the SDK starts a new model message there); data parts become `data-<name>`.
 */
export function toUIMessages(
  messages: readonly ChatMessage[],
  options: ToUIMessagesOptions = {},
): UIMessageLike[] {
  return messages.map((message) => {
    const pending = message.id === options.continuation?.messageId
    const parts: UIMessagePartLike[] = []
    let afterTool = false
    for (const part of message.parts) {
      if (part.type === 'tool-call') {
        parts.push(toToolPart(part, pending))
        afterTool = true
        continue
      }
      if (part.type !== 'data') {
        if (afterTool) parts.push({ type: 'step-start' })
        afterTool = false
      }
      parts.push(toPart(part))
    }
    const ui: UIMessageLike = { id: message.id, role: message.role, parts }
    if (message.metadata !== undefined) ui.metadata = message.metadata
    return ui
  })
}

function toPart(part: Exclude<MessagePart, ToolCallPart>): UIMessagePartLike {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text }
    case 'reasoning':
      return { type: 'reasoning', text: part.text }
    case 'data':
      return part.id === undefined
        ? { type: `data-${part.name}`, data: part.data }
        : { type: `data-${part.name}`, id: part.id, data: part.data }
  }
}

/** A decided approval the backend has not answered yet is `approval-responded` (only in the continued message). */
function toToolPart(part: ToolCallPart, pending: boolean): UIMessagePartLike {
  const base = { type: `tool-${part.name}` as const, toolCallId: part.id }
  const input = part.args ?? {}
  const approval = part.approval
  const decided: UIToolApproval | undefined =
    approval?.approved === undefined
      ? undefined
      : {
          id: approval.id ?? part.id,
          approved: approval.approved,
          ...(approval.reason === undefined ? {} : { reason: approval.reason }),
        }
  switch (part.state) {
    case 'input-streaming':
      return { ...base, state: 'input-streaming', input: part.args }
    case 'awaiting-approval':
      return { ...base, state: 'approval-requested', input, approval: { id: approval?.id ?? part.id } }
    case 'denied':
      return {
        ...base,
        state: pending ? 'approval-responded' : 'output-denied',
        input,
        approval: decided ?? { id: approval?.id ?? part.id, approved: false },
      }
    case 'running':
      // Approved and not run yet: the route runs it once it reads the decision.
      if (decided?.approved === true)
        return { ...base, state: 'approval-responded', input, approval: decided }
      return { ...base, state: 'input-available', input }
    case 'succeeded':
      return {
        ...base,
        state: 'output-available',
        input,
        output: part.result,
        ...(decided?.approved === true ? { approval: decided } : {}),
      }
    case 'failed':
      return {
        ...base,
        state: 'output-error',
        input,
        errorText: part.error ?? 'The tool failed.',
        ...(decided?.approved === true ? { approval: decided } : {}),
      }
  }
}
