export type { SseFaults, WebSocketFaults } from './faults.js'
export { readSseFaults, readWebSocketFaults } from './faults.js'
export type { MockAgentServer, MockAgentServerOptions, MockRequestRecord } from './mock-agent-server.js'
export { startMockAgentServer } from './mock-agent-server.js'
