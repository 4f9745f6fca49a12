export type { MockAgentServer, MockAgentServerOptions } from './mock-agent-server.js'
export { startMockAgentServer } from './mock-agent-server.js'
