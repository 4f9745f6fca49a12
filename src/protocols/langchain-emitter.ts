import type { AgentEvent } from '../core/index.js'
import { createReasoningLane } from './kit.js'
import { type LangChainMessage, readLangChainMessage } from './langchain-messages.js'
import {
  argsValue,
  createArgumentText,
  errorMessageOf,
  type JsonRecord,
  numberOf,
  type PendingToolCall,
  startPendingToolCall,
  stringOf,
  toolEndEvent,
} from './shared.js'

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
  const reasoning = createReasoningLane()
  let generated = 0

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
    aiMessage(message, runKey, events) {
      reasoning.delta(message.reasoning, events)
      if (message.text) {
        reasoning.close(events)
        events.push({ type: 'text-delta', text: message.text })
      }
      if (message.toolCallChunks.length > 0) {
        reasoning.close(events)
        for (const chunk of message.toolCallChunks) toolChunk(chunk, runKey, events)
      } else if (message.toolCalls.length > 0) {
        reasoning.close(events)
        for (const toolCall of message.toolCalls) wholeToolCall(toolCall, runKey, events)
      }
      if (message.finished) this.endRun(runKey, events, message.isChunk ? undefined : message.toolCalls)
    },
    endRun(runKey, events, finalToolCalls) {
      reasoning.close(events)
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
      reasoning.close(events)
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
