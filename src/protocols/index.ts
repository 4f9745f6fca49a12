export { agentEventsProtocol } from './agent-events.js'
export { plainTextProtocol } from './plain-text.js'
