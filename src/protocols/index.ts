import type { Protocol } from '../core/index.js'
import { agUiProtocol } from './ag-ui.js'
import { agentEventsProtocol } from './agent-events.js'
import { aiSdkProtocol } from './ai-sdk.js'
import { anthropicProtocol } from './anthropic.js'
import { AUTO_CANDIDATES, autoProtocol } from './auto.js'
import { langChainProtocol } from './langchain.js'
import { langGraphProtocol } from './langgraph.js'
import { multiAgentProtocol } from './multi-agent.js'
import { openAIChatProtocol } from './openai-chat.js'
import { openAIResponsesProtocol } from './openai-responses.js'
import { plainTextProtocol } from './plain-text.js'
import { websocketChunkProtocol } from './websocket-chunk.js'

export { readAgentEvent } from './agent-events.js'
export type { AutoDecoder, AutoProtocol } from './auto.js'
export { detectFromFrame, detectFromHeaders } from './auto.js'
export {
  agentEventsProtocol,
  agUiProtocol,
  aiSdkProtocol,
  anthropicProtocol,
  autoProtocol,
  langChainProtocol,
  langGraphProtocol,
  multiAgentProtocol,
  openAIChatProtocol,
  openAIResponsesProtocol,
  plainTextProtocol,
  websocketChunkProtocol,
}

/** Every built-in protocol, by its `name`. */
export const protocols = {
  auto: autoProtocol,
  ...AUTO_CANDIDATES,
} as const satisfies Readonly<Record<string, Protocol>>

export type ProtocolName = keyof typeof protocols

/**
 * The protocol for an option value: a `Protocol` is returned as is, a built-in name gives that
 * protocol, `undefined` gives `auto`. An unknown name falls back to `auto` after a development-only
 * console.error (it is a typo in app code, and hooks must not throw during render).
 */
export function resolveProtocol(
  nameOrProtocol: ProtocolName | Protocol | (string & {}) | undefined,
): Protocol {
  if (nameOrProtocol === undefined) return autoProtocol
  if (typeof nameOrProtocol !== 'string') return nameOrProtocol
  const found = (protocols as Readonly<Record<string, Protocol>>)[nameOrProtocol]
  if (found) return found
  if (typeof process === 'undefined' || process.env.NODE_ENV !== 'production') {
    console.error(
      `react-agent-stream: unknown protocol '${nameOrProtocol}', using 'auto'. Known: ${Object.keys(protocols).join(', ')}.`,
    )
  }
  return autoProtocol
}
export type {
  ToUIMessagesOptions,
  UIMessageLike,
  UIMessagePartLike,
  UIToolApproval,
} from './ai-sdk-messages.js'
export { toUIMessages } from './ai-sdk-messages.js'
