import { agUiProtocol } from './ag-ui.js'
import { agentEventsProtocol } from './agent-events.js'
import { aiSdkProtocol } from './ai-sdk.js'
import { anthropicProtocol } from './anthropic.js'
import { autoProtocol } from './auto.js'
import { langChainProtocol } from './langchain.js'
import { langGraphProtocol } from './langgraph.js'
import { multiAgentProtocol } from './multi-agent.js'
import { openAIChatProtocol } from './openai-chat.js'
import { openAIResponsesProtocol } from './openai-responses.js'
import { plainTextProtocol } from './plain-text.js'
import { websocketChunkProtocol } from './websocket-chunk.js'

export { readAgentEvent } from './agent-events.js'
export type {
  ToUIMessagesOptions,
  UIMessageLike,
  UIMessagePartLike,
  UIToolApproval,
} from './ai-sdk-messages.js'
export { toUIMessages } from './ai-sdk-messages.js'
export type { AutoDecoder, AutoProtocol } from './auto.js'
export { detectFromFrame, detectFromHeaders } from './auto.js'
export { type ProtocolName, protocols, resolveProtocol } from './registry.js'
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
