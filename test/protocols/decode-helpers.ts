import type { AgentEvent, DecoderDiagnostic, DecoderOptions, Frame, Protocol } from '../../src/core/index.js'
import { readFrames } from '../helpers/sse-fixture.js'

export interface ToolCallSummary {
  name: string
  argsText: string
  args?: unknown
  ended: boolean
  result?: unknown
  error?: string
  /** The approval id of a `tool-approval-request` ('' when it had none). */
  approvalRequested?: string
  /** The reason of a `tool-denied` ('' when it had none). */
  denied?: string
}

/** What a chat UI would show after the events, rebuilt independently of the session reducer. */
export interface Transcript {
  text: string
  reasoning: string
  /** Reasoning blocks closed by reasoning-end (with their signatures). */
  reasoningEnds: number
  signatures: string[]
  tools: Record<string, ToolCallSummary>
  /** Tool ids in the order they started. */
  toolOrder: string[]
  errors: { message: string; code?: string }[]
  finishes: Extract<AgentEvent, { type: 'finish' }>[]
  data: Extract<AgentEvent, { type: 'data' }>[]
  /** Messages opened by agent-start, with their text. */
  agents: { agent: string; text: string }[]
  messageIds: string[]
}

export function summarize(events: readonly AgentEvent[]): Transcript {
  const transcript: Transcript = {
    text: '',
    reasoning: '',
    reasoningEnds: 0,
    signatures: [],
    tools: {},
    toolOrder: [],
    errors: [],
    finishes: [],
    data: [],
    agents: [],
    messageIds: [],
  }
  const tool = (id: string): ToolCallSummary => {
    const found = transcript.tools[id]
    if (!found) throw new Error(`event for tool ${id} before its tool-call-start`)
    return found
  }
  for (const event of events) {
    switch (event.type) {
      case 'message-start':
        if (event.messageId) transcript.messageIds.push(event.messageId)
        break
      case 'text-delta': {
        transcript.text += event.text
        const agent = transcript.agents[transcript.agents.length - 1]
        if (agent) agent.text += event.text
        break
      }
      case 'reasoning-delta':
        transcript.reasoning += event.text
        break
      case 'reasoning-end':
        transcript.reasoningEnds++
        if (event.signature) transcript.signatures.push(event.signature)
        break
      case 'tool-call-start':
        if (transcript.tools[event.id]) throw new Error(`tool ${event.id} started twice`)
        transcript.tools[event.id] = { name: event.name, argsText: '', ended: false }
        transcript.toolOrder.push(event.id)
        break
      case 'tool-call-delta': {
        const call = tool(event.id)
        if (call.ended) throw new Error(`delta for ended tool ${event.id}`)
        call.argsText += event.argsText
        break
      }
      case 'tool-call-end': {
        const call = tool(event.id)
        if (call.ended) throw new Error(`tool ${event.id} ended twice`)
        call.ended = true
        if ('args' in event) call.args = event.args
        break
      }
      case 'tool-result':
        tool(event.id).result = event.result
        break
      case 'tool-error':
        tool(event.id).error = event.error
        break
      case 'tool-approval-request':
        tool(event.id).approvalRequested = event.approvalId ?? ''
        break
      case 'tool-denied':
        tool(event.id).denied = event.reason ?? ''
        break
      case 'agent-start':
        transcript.agents.push({ agent: event.agent, text: '' })
        break
      case 'data':
        transcript.data.push(event)
        break
      case 'error':
        transcript.errors.push(
          event.code === undefined
            ? { message: event.message }
            : { message: event.message, code: event.code },
        )
        break
      case 'finish':
        transcript.finishes.push(event)
        break
      default:
        event satisfies never
    }
  }
  return transcript
}

export interface Decoded {
  events: AgentEvent[]
  diagnostics: DecoderDiagnostic[]
  transcript: Transcript
}

/** Runs frames through a fresh decoder (then `end()`), collecting events and diagnostics. */
export function decodeFrames(
  protocol: Protocol,
  frames: readonly Frame[],
  options: DecoderOptions = {},
): Decoded {
  const diagnostics: DecoderDiagnostic[] = []
  const decoder = protocol.createDecoder({
    ...options,
    onDiagnostic: (diagnostic) => diagnostics.push(diagnostic),
  })
  const events = frames.flatMap((frame) => decoder.decode(frame))
  events.push(...decoder.end())
  return { events, diagnostics, transcript: summarize(events) }
}

export function decodeFixture(protocol: Protocol, path: string, options: DecoderOptions = {}): Decoded {
  return decodeFrames(protocol, readFrames(path), options)
}

/** Serializes frames back to SSE text (for feeding official SDK parsers). */
export function toSse(frames: readonly Frame[]): string {
  return frames
    .map((frame) => {
      let text = ''
      if (frame.id !== undefined) text += `id: ${frame.id}\n`
      if (frame.event !== undefined) text += `event: ${frame.event}\n`
      for (const line of frame.data.split('\n')) text += `data: ${line}\n`
      return `${text}\n`
    })
    .join('')
}

/** The fixture's frames without the deliberately malformed ones (official SDKs throw on those, by design). */
export function wellFormedFrames(path: string): Frame[] {
  return readFrames(path).filter((frame) => {
    if (frame.data.trim() === '[DONE]') return true
    try {
      JSON.parse(frame.data)
      return true
    } catch {
      return false
    }
  })
}

/** A fetch that answers every request with the given SSE text, in small chunks, without any network. */
export function fixtureFetch(sseText: string, chunkSize = 97): typeof fetch {
  return async () => {
    const bytes = new TextEncoder().encode(sseText)
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += chunkSize) {
          controller.enqueue(bytes.slice(offset, offset + chunkSize))
        }
        controller.close()
      },
    })
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } })
  }
}
