import {
  AGENT_EVENT_TYPES,
  type AgentEvent,
  type DecoderOptions,
  type Frame,
  type Protocol,
  type ProtocolDecoder,
} from '../core/index.js'
import { AG_UI_EVENT_TYPES, agUiProtocol } from './ag-ui.js'
import { agentEventsProtocol } from './agent-events.js'
import { aiSdkProtocol } from './ai-sdk.js'
import { anthropicProtocol } from './anthropic.js'
import { createDiagnose, isDoneSentinel } from './kit.js'
import { langChainProtocol } from './langchain.js'
import { langGraphProtocol } from './langgraph.js'
import { multiAgentProtocol } from './multi-agent.js'
import { openAIChatProtocol } from './openai-chat.js'
import { openAIResponsesProtocol } from './openai-responses.js'
import { plainTextProtocol } from './plain-text.js'
import { isRecord, stringOf, tryParseJson } from './shared.js'
import { websocketChunkProtocol } from './websocket-chunk.js'

/** The protocols `auto` can choose, by name (the registry in index.ts is these plus `auto`). */
export const AUTO_CANDIDATES = {
  'plain-text': plainTextProtocol,
  'agent-events': agentEventsProtocol,
  'websocket-chunk': websocketChunkProtocol,
  'openai-chat': openAIChatProtocol,
  'openai-responses': openAIResponsesProtocol,
  anthropic: anthropicProtocol,
  'ai-sdk': aiSdkProtocol,
  langchain: langChainProtocol,
  langgraph: langGraphProtocol,
  'multi-agent': multiAgentProtocol,
  'ag-ui': agUiProtocol,
} as const satisfies Readonly<Record<string, Protocol>>

const CANDIDATES: Readonly<Record<string, Protocol>> = AUTO_CANDIDATES

const ANTHROPIC_TYPES = new Set([
  'message_start',
  'message_delta',
  'message_stop',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
])
const LANGGRAPH_MODES = new Set([
  'metadata',
  'values',
  'updates',
  'messages',
  'messages/partial',
  'messages/complete',
  'messages/metadata',
  'custom',
  'events',
  'debug',
  'tasks',
  'checkpoints',
])
const MULTI_AGENT_TYPES = new Set([
  'agent_start',
  'agent_stream',
  'agent_end',
  'agent_message',
  'tool_call',
  'tool_result',
  'handoff',
])
const AI_SDK_TYPES = new Set([
  'start',
  'start-step',
  'finish-step',
  'text-start',
  'text-end',
  'reasoning-start',
  'tool-input-start',
  'tool-input-delta',
  'tool-input-available',
  'tool-input-error',
  'tool-output-available',
  'tool-output-error',
  'tool-output-denied',
  'tool-approval-request',
  'source-url',
  'source-document',
  'file',
  'message-metadata',
  'abort',
])

/** Frames `auto` holds while undecided; then it falls back (see `detectFallback`). */
const MAX_UNDECIDED_FRAMES = 16

/** The protocol the response headers name, if they name one. */
export function detectFromHeaders(headers: Readonly<Record<string, string>> | undefined): string | undefined {
  if (!headers) return undefined
  if (headers['x-vercel-ai-ui-message-stream'] !== undefined) return 'ai-sdk'
  const contentType = headers['content-type'] ?? ''
  if (contentType.startsWith('text/plain')) return 'plain-text'
  return undefined
}

/** The protocol one frame reveals, or undefined when the frame could belong to several. */
export function detectFromFrame(frame: Frame): string | undefined {
  const event = frame.event
  if (event !== undefined && event !== 'message') {
    const mode = event.split('|')[0] as string
    if (ANTHROPIC_TYPES.has(event)) return 'anthropic'
    if (event.startsWith('response.')) return 'openai-responses'
    if (event.startsWith('on_')) return 'langchain'
    if (LANGGRAPH_MODES.has(mode)) return 'langgraph'
    if (MULTI_AGENT_TYPES.has(event)) return 'multi-agent'
  }
  if (isDoneSentinel(frame.data)) return undefined
  const value = tryParseJson(frame.data)
  if (typeof value === 'symbol') return frame.data.trim() === '' ? undefined : 'plain-text'
  if (!isRecord(value)) return Array.isArray(value) ? undefined : 'plain-text'
  const type = stringOf(value.type)
  if (value.object === 'chat.completion.chunk' || Array.isArray(value.choices)) return 'openai-chat'
  if (stringOf(value.event)?.startsWith('on_')) return 'langchain'
  if (type === undefined) return isRecord(value.error) ? 'openai-chat' : undefined
  if (type.startsWith('response.')) return 'openai-responses'
  if (ANTHROPIC_TYPES.has(type)) return 'anthropic'
  if (MULTI_AGENT_TYPES.has(type)) return 'multi-agent'
  if (type === 'chunk' || type === 'done') return 'websocket-chunk'
  if (AG_UI_EVENT_TYPES.has(type)) return 'ag-ui'
  if (AI_SDK_TYPES.has(type) || type.startsWith('data-')) return 'ai-sdk'
  if ((type === 'text-delta' || type === 'reasoning-delta') && typeof value.delta === 'string')
    return 'ai-sdk'
  if (type === 'error' && typeof value.errorText === 'string') return 'ai-sdk'
  if (type === 'finish' && typeof value.finishReason === 'string') return 'ai-sdk'
  if (AGENT_EVENT_TYPES.has(type as AgentEvent['type'])) return 'agent-events'
  return undefined
}

/** What `auto` picks when the first frames never settled it: JSON-looking data gets the kit's own protocol. */
function detectFallback(frames: readonly Frame[]): string {
  return frames.some((frame) => typeof tryParseJson(frame.data) === 'object') ? 'agent-events' : 'plain-text'
}

/** The auto decoder, which also tells which protocol it chose. */
export interface AutoDecoder extends ProtocolDecoder {
  /** The chosen protocol's name; undefined until the headers or a frame decided it. */
  readonly detected: string | undefined
}

/**
 * Chooses the decoder from the response headers (`x-vercel-ai-ui-message-stream`, `text/plain`)
 * and, failing that, from the first frames (SSE event names, then the JSON shape). Frames that
 * could belong to several protocols (`[DONE]`, `ping`, an unrecognised object) are held, then
 * replayed to the chosen decoder; after 16 undecided frames, or at the end of the stream, it falls
 * back to the kit's own protocol for JSON data and to plain text otherwise.
 *
 * The choice is reported once through `options.onDetect(name)` and is readable as
 * `decoder.detected` (the decoder `createDecoder` returns is an `AutoDecoder`). The decoder's
 * `hasTerminalEvent` is the chosen protocol's, so a plain-text stream completes at its end of body.
 */
export interface AutoProtocol extends Protocol {
  createDecoder(options?: DecoderOptions): AutoDecoder
}

export const autoProtocol: AutoProtocol = {
  name: 'auto',
  createDecoder(options: DecoderOptions = {}): AutoDecoder {
    const diagnose = createDiagnose(options)
    let delegate: ProtocolDecoder | undefined
    let detected: string | undefined
    let held: Frame[] = []

    function choose(name: string): AgentEvent[] {
      detected = name
      delegate = (CANDIDATES[name] ?? agentEventsProtocol).createDecoder(options)
      try {
        options.onDetect?.(name)
      } catch {
        // User callbacks never throw into the decoder.
      }
      const replay = held
      held = []
      return replay.flatMap((frame) => (delegate as ProtocolDecoder).decode(frame))
    }

    const fromHeaders = detectFromHeaders(options.headers)
    if (fromHeaders) choose(fromHeaders)

    return {
      get detected() {
        return detected
      },
      // Undecided means no frame named a protocol yet: answer for the one end() would fall back to.
      get hasTerminalEvent() {
        if (delegate) return delegate.hasTerminalEvent ?? true
        return CANDIDATES[detectFallback(held)]?.createDecoder().hasTerminalEvent ?? true
      },
      continuationBody: (continuation) => delegate?.continuationBody?.(continuation),
      decode(frame) {
        if (delegate) return delegate.decode(frame)
        let name: string | undefined
        try {
          name = detectFromFrame(frame)
        } catch (error) {
          diagnose('unexpected', `auto: ${String(error)}`, frame)
        }
        held.push(frame)
        if (name) return choose(name)
        if (held.length >= MAX_UNDECIDED_FRAMES) return choose(detectFallback(held))
        return []
      },
      end() {
        if (!delegate) {
          if (held.length === 0) return []
          const events = choose(detectFallback(held))
          return [...events, ...(delegate as unknown as ProtocolDecoder).end()]
        }
        return delegate.end()
      },
    }
  },
}
