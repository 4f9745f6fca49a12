export { encodeAgUi } from './ag-ui-format.js'
export * from './mock/index.js'
export type { Scenario } from './scenarios.js'
export { getScenario, longScenario, scenarios, scenarioText, tokenize } from './scenarios.js'
export type { MockSseFormat, SocketMessage } from './wire-format.js'
export {
  encodeAgentEvents,
  encodeOpenAIChat,
  encodePlainText,
  encodeSocketMessage,
  encodeSse,
  socketMessagesFor,
  sseEvent,
} from './wire-format.js'
