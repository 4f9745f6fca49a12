import type { AgentEvent } from '../core/index.js'
import type { Diagnose } from './kit.js'
import { type ArgumentText, createArgumentText, type JsonRecord, toolEndEvent } from './shared.js'

/**
 * A broken AG-UI sequence (content for a message nothing opened, a call opened twice) or a
 * malformed field the decoder needs. The AG-UI processing model makes both fatal; the decoder turns
 * this into an in-band error event. Thrown only inside the ag-ui decoder, which catches it.
 */
export class AgUiViolation extends Error {}

export function violation(message: string): never {
  throw new AgUiViolation(message)
}

/** A required string field, or a violation naming it. */
export function requiredString(event: JsonRecord, type: string, field: string): string {
  const value = event[field]
  if (typeof value !== 'string') violation(`${type} needs a string '${field}'`)
  return value
}

/** An optional string field (null counts as absent, as Python producers send it), or a violation. */
export function optionalString(event: JsonRecord, type: string, field: string): string | undefined {
  const value = event[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') violation(`${type}: '${field}' must be a string`)
  return value
}

/** The three streamed families; each has one chunk-form stream open at a time. */
export type Lane = 'text' | 'tool' | 'reasoning'

interface TextMessage {
  open: boolean
  role: string
}

interface ToolCall {
  open: boolean
  name: string
  args: ArgumentText
  answered: boolean
}

/**
 * The AG-UI streaming pattern for text messages, tool calls and reasoning messages: each item is
 * opened, extended and closed by id (`*_START` / `*_CONTENT` or `*_ARGS` / `*_END`), or written in
 * the chunk form, whose end the consumer synthesizes when the stream can no longer continue. A
 * closed item may be reopened (its content appends); an open one may not be opened again.
 */
export function createAgUiStreams(diagnose: Diagnose) {
  const texts = new Map<string, TextMessage>()
  const calls = new Map<string, ToolCall>()
  const reasoning = new Map<string, boolean>()
  const spans = new Set<string>()
  const chunks: Partial<Record<Lane, string>> = {}
  /** The author name of the last named assistant message (multi-agent producers set `name`). */
  let agent: string | undefined

  function openText(
    id: string,
    role: string,
    name: string | undefined,
    via: string,
    events: AgentEvent[],
  ): void {
    const existing = texts.get(id)
    if (existing?.open) violation(`${via} opens message '${id}', which is already open`)
    if (existing) {
      // Reopened: its content appends, and the role it was opened with stands.
      existing.open = true
      return
    }
    texts.set(id, { open: true, role })
    if (role !== 'assistant') {
      diagnose('unexpected', `ag-ui: the text of '${role}' message '${id}' is not shown`)
      return
    }
    // A newly named author opens its own message, labelled with the name.
    if (name !== undefined && name !== agent) {
      agent = name
      events.push({ type: 'agent-start', agent: name, messageId: id })
    } else events.push({ type: 'message-start', messageId: id })
  }

  function openedText(id: string, type: string): TextMessage {
    const message = texts.get(id)
    if (!message?.open) violation(`${type} for message '${id}', which is not open`)
    return message
  }

  function openCall(id: string, name: string, via: string, events: AgentEvent[]): void {
    const existing = calls.get(id)
    if (existing?.open) violation(`${via} opens tool call '${id}', which is already open`)
    if (existing) {
      existing.open = true
      return
    }
    calls.set(id, { open: true, name, args: createArgumentText(), answered: false })
    events.push({ type: 'tool-call-start', id, name })
  }

  function openedCall(id: string, type: string): ToolCall {
    const call = calls.get(id)
    if (!call?.open) violation(`${type} for tool call '${id}', which is not open`)
    return call
  }

  function appendArgs(id: string, call: ToolCall, delta: string, events: AgentEvent[]): void {
    if (delta === '') return
    call.args.append(delta)
    events.push({ type: 'tool-call-delta', id, argsText: delta })
  }

  function closeCall(id: string, call: ToolCall, events: AgentEvent[]): void {
    call.open = false
    events.push(toolEndEvent(id, call.args.parse()))
  }

  function openReasoning(id: string, via: string): void {
    if (reasoning.get(id)) violation(`${via} opens reasoning message '${id}', which is already open`)
    reasoning.set(id, true)
  }

  function openedReasoning(id: string, type: string): void {
    if (!reasoning.get(id)) violation(`${type} for reasoning message '${id}', which is not open`)
  }

  function closeReasoning(id: string, events: AgentEvent[]): void {
    reasoning.set(id, false)
    events.push({ type: 'reasoning-end' })
  }

  /** Ends the chunk-form stream of a lane, synthesizing its end event. */
  function closeChunk(lane: Lane, events: AgentEvent[]): void {
    const id = chunks[lane]
    if (id === undefined) return
    delete chunks[lane]
    if (lane === 'text') {
      const message = texts.get(id)
      if (message) message.open = false
    } else if (lane === 'tool') {
      const call = calls.get(id)
      if (call?.open) closeCall(id, call, events)
    } else if (reasoning.get(id)) closeReasoning(id, events)
  }

  /** The id a chunk continues or opens; undefined when it opens a new item (after closing the old one). */
  function chunkTarget(lane: Lane, id: string | undefined, type: string, events: AgentEvent[]) {
    const current = chunks[lane]
    if (id === undefined || id === current) {
      if (current === undefined) violation(`the first ${type} of an item needs its id`)
      return { id: current, opens: false }
    }
    closeChunk(lane, events)
    chunks[lane] = id
    return { id, opens: true }
  }

  /** Ends the chunk-form streams of every lane but `keep`. */
  function closeChunks(events: AgentEvent[], keep?: Lane): void {
    for (const lane of ['text', 'tool', 'reasoning'] as const) if (lane !== keep) closeChunk(lane, events)
  }

  return {
    closeChunks,

    text(type: string, event: JsonRecord, events: AgentEvent[]): void {
      if (type === 'TEXT_MESSAGE_CHUNK') {
        const role = optionalString(event, type, 'role')
        const delta = optionalString(event, type, 'delta')
        const target = chunkTarget('text', optionalString(event, type, 'messageId'), type, events)
        if (target.opens)
          openText(target.id, role ?? 'assistant', optionalString(event, type, 'name'), type, events)
        const message = openedText(target.id, type)
        if (role !== undefined && role !== message.role)
          violation(`${type} changes the role of message '${target.id}' to '${role}'`)
        if (delta && message.role === 'assistant') events.push({ type: 'text-delta', text: delta })
        return
      }
      const id = requiredString(event, type, 'messageId')
      if (type === 'TEXT_MESSAGE_START') {
        const role = optionalString(event, type, 'role') ?? 'assistant'
        openText(id, role, optionalString(event, type, 'name'), type, events)
      } else if (type === 'TEXT_MESSAGE_CONTENT') {
        const delta = requiredString(event, type, 'delta')
        const message = openedText(id, type)
        if (delta && message.role === 'assistant') events.push({ type: 'text-delta', text: delta })
      } else openedText(id, type).open = false
    },

    tool(type: string, event: JsonRecord, events: AgentEvent[]): void {
      if (type === 'TOOL_CALL_CHUNK') {
        const name = optionalString(event, type, 'toolCallName')
        const delta = optionalString(event, type, 'delta') ?? ''
        const target = chunkTarget('tool', optionalString(event, type, 'toolCallId'), type, events)
        if (target.opens) {
          if (name === undefined) violation(`the first ${type} of a call needs its toolCallName`)
          openCall(target.id, name, type, events)
        }
        const call = openedCall(target.id, type)
        if (name !== undefined && name !== call.name)
          violation(`${type} renames tool call '${target.id}' to '${name}'`)
        appendArgs(target.id, call, delta, events)
        return
      }
      const id = requiredString(event, type, 'toolCallId')
      if (type === 'TOOL_CALL_START') {
        openCall(id, requiredString(event, type, 'toolCallName'), type, events)
      } else if (type === 'TOOL_CALL_ARGS') {
        const delta = requiredString(event, type, 'delta')
        appendArgs(id, openedCall(id, type), delta, events)
      } else if (type === 'TOOL_CALL_END') {
        closeCall(id, openedCall(id, type), events)
      } else {
        const content = event.content
        if (typeof content !== 'string' && !Array.isArray(content))
          violation(`${type} needs 'content' (a string or a list of parts)`)
        const call = calls.get(id)
        if (!call) {
          diagnose(
            'unexpected',
            `ag-ui: skipped the result of tool call '${id}', which this response never opened`,
          )
          return
        }
        if (call.open) closeCall(id, call, events)
        call.answered = true
        events.push({ type: 'tool-result', id, result: content })
      }
    },

    reasoning(type: string, event: JsonRecord, events: AgentEvent[]): void {
      if (type === 'REASONING_MESSAGE_CHUNK') {
        const delta = optionalString(event, type, 'delta')
        const target = chunkTarget('reasoning', optionalString(event, type, 'messageId'), type, events)
        if (target.opens) openReasoning(target.id, type)
        if (delta) events.push({ type: 'reasoning-delta', text: delta })
        return
      }
      const id = requiredString(event, type, 'messageId')
      switch (type) {
        case 'REASONING_START':
          if (spans.has(id)) violation(`${type} opens reasoning span '${id}', which is already open`)
          spans.add(id)
          return
        case 'REASONING_END':
          if (!spans.delete(id)) violation(`${type} for reasoning span '${id}', which is not open`)
          return
        case 'REASONING_MESSAGE_START':
          openReasoning(id, type)
          return
        case 'REASONING_MESSAGE_CONTENT': {
          const delta = requiredString(event, type, 'delta')
          openedReasoning(id, type)
          if (delta) events.push({ type: 'reasoning-delta', text: delta })
          return
        }
        default:
          openedReasoning(id, type)
          closeReasoning(id, events)
      }
    },

    /**
     * At RUN_FINISHED: closes what the producer left open (a violation the decoder tolerates, since
     * closing is unambiguous). Returns whether a tool call started in this run got no result.
     */
    finishRun(events: AgentEvent[]): boolean {
      closeChunks(events)
      for (const [id, call] of calls) {
        if (!call.open) continue
        diagnose('malformed', `ag-ui: RUN_FINISHED while tool call '${id}' is open; closed it`)
        closeCall(id, call, events)
      }
      for (const [id, open] of reasoning) {
        if (!open) continue
        diagnose('malformed', `ag-ui: RUN_FINISHED while reasoning message '${id}' is open; closed it`)
        closeReasoning(id, events)
      }
      return [...calls.values()].some((call) => !call.answered)
    },

    /** A new run starts with nothing open (run-scoped tracking does not cross runs). */
    reset(): void {
      texts.clear()
      calls.clear()
      reasoning.clear()
      spans.clear()
      agent = undefined
      for (const lane of ['text', 'tool', 'reasoning'] as const) delete chunks[lane]
    },
  }
}
