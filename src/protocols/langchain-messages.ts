import type { AgentEvent } from '../core/index.js'
import {
  argsValue,
  createArgumentText,
  errorMessageOf,
  isRecord,
  type JsonRecord,
  numberOf,
  type PendingToolCall,
  recordOf,
  startPendingToolCall,
  stringOf,
  toolEndEvent,
} from './shared.js'

/** A LangChain message as it appears on the wire, whichever way it was serialized. */
export interface LangChainMessage {
  role: 'ai' | 'tool' | 'human' | 'system' | 'other'
  /** True for streamed chunks (AIMessageChunk), false for whole messages. */
  isChunk: boolean
  id: string | undefined
  text: string
  reasoning: string
  /** Streamed tool-call fragments: `{id?, name?, args?: string, index?}`. */
  toolCallChunks: JsonRecord[]
  /** Whole tool calls: `{id, name, args: object}`. */
  toolCalls: JsonRecord[]
  /** ToolMessage: the call it answers, its content and status. */
  toolCallId: string | undefined
  content: unknown
  status: string | undefined
  name: string | undefined
  /** The model said why it stopped (the message is complete). */
  finished: boolean
}

const ROLE_BY_TYPE: Readonly<Record<string, LangChainMessage['role']>> = {
  ai: 'ai',
  AIMessage: 'ai',
  AIMessageChunk: 'ai',
  assistant: 'ai',
  tool: 'tool',
  ToolMessage: 'tool',
  ToolMessageChunk: 'tool',
  human: 'human',
  HumanMessage: 'human',
  HumanMessageChunk: 'human',
  user: 'human',
  system: 'system',
  SystemMessage: 'system',
}

function contentParts(content: unknown): { text: string; reasoning: string } {
  if (typeof content === 'string') return { text: content, reasoning: '' }
  let text = ''
  let reasoning = ''
  if (!Array.isArray(content)) return { text, reasoning }
  for (const block of content) {
    if (typeof block === 'string') {
      text += block
      continue
    }
    if (!isRecord(block)) continue
    const type = stringOf(block.type)
    if (type === 'text' || type === 'text_delta') text += stringOf(block.text) ?? ''
    else if (type === 'thinking') reasoning += stringOf(block.thinking) ?? ''
    else if (type === 'reasoning') {
      reasoning += stringOf(block.reasoning) ?? ''
      if (Array.isArray(block.summary)) {
        for (const part of block.summary) reasoning += stringOf(recordOf(part)?.text) ?? ''
      }
    }
  }
  return { text, reasoning }
}

/**
 * Reads a message in any of its wire forms: LangServe / LangGraph Server dicts (`type: "ai"`),
 * `JSON.stringify` of a LangChain JS message (`{lc: 1, type: "constructor", id: [..., "AIMessageChunk"], kwargs}`),
 * or OpenAI-style `{role, content}`.
 */
export function readLangChainMessage(value: unknown): LangChainMessage | undefined {
  if (!isRecord(value)) return undefined
  let fields = value
  let typeName = stringOf(value.type) ?? stringOf(value.role) ?? ''
  if (value.lc !== undefined && Array.isArray(value.id) && isRecord(value.kwargs)) {
    fields = value.kwargs
    typeName = stringOf(value.id[value.id.length - 1]) ?? ''
  }
  const role = ROLE_BY_TYPE[typeName] ?? 'other'
  const { text, reasoning: contentReasoning } = contentParts(fields.content)
  const extra = recordOf(fields.additional_kwargs)
  const extraReasoning = stringOf(extra?.reasoning_content) ?? ''
  const responseMetadata = recordOf(fields.response_metadata)
  const finishReason =
    stringOf(responseMetadata?.finish_reason) ?? stringOf(responseMetadata?.stop_reason) ?? undefined
  return {
    role,
    isChunk:
      typeName.endsWith('Chunk') ||
      fields.chunk_position !== undefined ||
      Array.isArray(fields.tool_call_chunks),
    id: stringOf(fields.id),
    text,
    reasoning: contentReasoning + extraReasoning,
    toolCallChunks: Array.isArray(fields.tool_call_chunks) ? fields.tool_call_chunks.filter(isRecord) : [],
    toolCalls: Array.isArray(fields.tool_calls) ? fields.tool_calls.filter(isRecord) : [],
    toolCallId: stringOf(fields.tool_call_id),
    content: fields.content,
    status: stringOf(fields.status),
    name: stringOf(fields.name),
    finished: finishReason !== undefined || fields.chunk_position === 'last',
  }
}

interface ToolCallState extends PendingToolCall {
  /** A tool run (on_tool_start) is already attached to this call. */
  bound: boolean
  answered: boolean
}

/**
 * Turns LangChain messages and tool runs into agent events, for both the astream_events and the
 * LangGraph decoders: text and reasoning deltas, tool calls assembled from `tool_call_chunks`
 * (keyed by the model run and the chunk index), and tool runs matched to the model's calls.
 */
export interface LangChainEmitter {
  /** An AI message or chunk produced by the model run `runKey`. */
  aiMessage(message: LangChainMessage, runKey: string, events: AgentEvent[]): void
  /** The model run finished: its tool calls have their whole arguments. */
  endRun(runKey: string, events: AgentEvent[], finalToolCalls?: readonly JsonRecord[]): void
  /** A ToolMessage (its `tool_call_id` names the call). */
  toolMessage(message: LangChainMessage, events: AgentEvent[]): void
  /** on_tool_start: attach the run to the model's call with that name, or open a call for it. */
  toolStart(runId: string, name: string, input: unknown, events: AgentEvent[]): void
  toolEnd(runId: string, output: unknown, events: AgentEvent[]): void
  toolError(runId: string, error: unknown, events: AgentEvent[]): void
  closeReasoning(events: AgentEvent[]): void
  /** Ends every call still streaming (end of the response). */
  endAll(events: AgentEvent[]): void
  /**
   * The id of the first unanswered call named `name` not claimed before (a HITL action request),
   * ending it; without one, opens a call with `args` for it.
   */
  claimCall(name: string, args: unknown, events: AgentEvent[]): string
}

export function createLangChainEmitter(): LangChainEmitter {
  const callsByKey = new Map<string, ToolCallState>()
  const callsById = new Map<string, ToolCallState>()
  const runCalls = new Map<string, ToolCallState[]>()
  const lastCallOfRun = new Map<string, ToolCallState>()
  const toolRuns = new Map<string, ToolCallState>()
  const claimed = new Set<ToolCallState>()
  let reasoningOpen = false
  let generated = 0

  function closeReasoning(events: AgentEvent[]): void {
    if (!reasoningOpen) return
    reasoningOpen = false
    events.push({ type: 'reasoning-end' })
  }

  const startCall = startPendingToolCall

  function endCall(call: ToolCallState, events: AgentEvent[], args?: unknown): void {
    if (call.ended) return
    if (!call.started) {
      call.name ??= ''
      startCall(call, events)
    }
    call.ended = true
    events.push(toolEndEvent(call.id, args !== undefined ? args : call.args.parse()))
  }

  function newCall(id: string | undefined, name: string | undefined, runKey: string): ToolCallState {
    const call: ToolCallState = {
      id: id ?? `${runKey}-tool-${generated++}`,
      name,
      started: false,
      ended: false,
      args: createArgumentText(),
      pending: [],
      bound: false,
      answered: false,
    }
    callsById.set(call.id, call)
    const list = runCalls.get(runKey) ?? []
    list.push(call)
    runCalls.set(runKey, list)
    return call
  }

  function toolChunk(chunk: JsonRecord, runKey: string, events: AgentEvent[]): void {
    const chunkId = stringOf(chunk.id) || undefined
    const index = numberOf(chunk.index)
    const key =
      index !== undefined ? `${runKey}:${index}` : chunkId !== undefined ? `${runKey}:${chunkId}` : undefined
    let call = key !== undefined ? callsByKey.get(key) : lastCallOfRun.get(runKey)
    if (!call && chunkId !== undefined) call = callsById.get(chunkId)
    if (!call || call.ended) {
      call = newCall(chunkId, undefined, runKey)
      if (key !== undefined) callsByKey.set(key, call)
    }
    lastCallOfRun.set(runKey, call)
    const name = stringOf(chunk.name)
    if (name && call.name === undefined) call.name = name
    startCall(call, events)
    const args = stringOf(chunk.args)
    if (!args) return
    if (call.started) {
      call.args.append(args)
      events.push({ type: 'tool-call-delta', id: call.id, argsText: args })
    } else {
      call.pending.push(args)
    }
  }

  function wholeToolCall(toolCall: JsonRecord, runKey: string, events: AgentEvent[]): void {
    const id = stringOf(toolCall.id)
    const existing = id !== undefined ? callsById.get(id) : undefined
    const call = existing ?? newCall(id, stringOf(toolCall.name) ?? '', runKey)
    call.name ??= stringOf(toolCall.name) ?? ''
    startCall(call, events)
    endCall(call, events, argsValue(toolCall.args))
  }

  function answer(
    call: ToolCallState,
    events: AgentEvent[],
    result: unknown,
    failed: string | undefined,
  ): void {
    endCall(call, events)
    if (call.answered) return
    call.answered = true
    events.push(
      failed !== undefined
        ? { type: 'tool-error', id: call.id, error: failed }
        : { type: 'tool-result', id: call.id, result },
    )
  }

  function failureOf(message: LangChainMessage): string | undefined {
    return message.status === 'error' ? errorMessageOf(message.content, 'Tool failed') : undefined
  }

  return {
    closeReasoning,
    aiMessage(message, runKey, events) {
      if (message.reasoning) {
        reasoningOpen = true
        events.push({ type: 'reasoning-delta', text: message.reasoning })
      }
      if (message.text) {
        closeReasoning(events)
        events.push({ type: 'text-delta', text: message.text })
      }
      if (message.toolCallChunks.length > 0) {
        closeReasoning(events)
        for (const chunk of message.toolCallChunks) toolChunk(chunk, runKey, events)
      } else if (message.toolCalls.length > 0) {
        closeReasoning(events)
        for (const toolCall of message.toolCalls) wholeToolCall(toolCall, runKey, events)
      }
      if (message.finished) this.endRun(runKey, events, message.isChunk ? undefined : message.toolCalls)
    },
    endRun(runKey, events, finalToolCalls) {
      closeReasoning(events)
      const finals = new Map<string, unknown>()
      for (const toolCall of finalToolCalls ?? []) {
        const id = stringOf(toolCall.id)
        if (id !== undefined) finals.set(id, argsValue(toolCall.args))
      }
      for (const call of runCalls.get(runKey) ?? []) endCall(call, events, finals.get(call.id))
    },
    toolMessage(message, events) {
      const id = message.toolCallId
      const call =
        (id !== undefined ? callsById.get(id) : undefined) ?? newCall(id, message.name ?? '', 'tool')
      answer(call, events, message.content, failureOf(message))
    },
    toolStart(runId, name, input, events) {
      let call: ToolCallState | undefined
      for (const candidate of callsById.values()) {
        if (!candidate.bound && !candidate.answered && candidate.name === name) {
          call = candidate
          break
        }
      }
      if (!call) {
        call = newCall(runId, name, `tool-run-${runId}`)
        startCall(call, events)
        endCall(call, events, argsValue(input))
      }
      call.bound = true
      toolRuns.set(runId, call)
    },
    toolEnd(runId, output, events) {
      // A ToolMessage names its call; that beats the by-name match made at on_tool_start.
      const message = readLangChainMessage(output)
      const isToolMessage = message?.role === 'tool'
      const byId =
        isToolMessage && message.toolCallId !== undefined ? callsById.get(message.toolCallId) : undefined
      const call = byId ?? toolRuns.get(runId)
      if (!call) return
      if (isToolMessage) answer(call, events, message.content, failureOf(message))
      else answer(call, events, output, undefined)
    },
    toolError(runId, error, events) {
      const call = toolRuns.get(runId)
      if (call) answer(call, events, undefined, errorMessageOf(error, 'Tool failed'))
    },
    endAll(events) {
      closeReasoning(events)
      for (const call of callsById.values()) endCall(call, events)
    },
    claimCall(name, args, events) {
      let call: ToolCallState | undefined
      for (const candidate of callsById.values()) {
        if (!candidate.answered && !claimed.has(candidate) && candidate.name === name) {
          call = candidate
          break
        }
      }
      if (!call) {
        call = newCall(undefined, name, 'interrupt')
        startCall(call, events)
      }
      claimed.add(call)
      endCall(call, events, call.ended ? undefined : argsValue(args))
      return call.id
    },
  }
}
