export type { MockAgentCliIo, MockAgentCliOptions, MockAgentCliServer } from './cli.js'
export {
  DEFAULT_MOCK_AGENT_CLI_OPTIONS,
  MOCK_AGENT_CLI_USAGE,
  parseMockAgentCliArgs,
  runMockAgentCli,
  startMockAgentCliServer,
} from './cli.js'
export type { SocketFormat, SseFaults, WebSocketFaults } from './faults.js'
export { readSseFaults, readWebSocketFaults } from './faults.js'
export type { ForwardTarget } from './forward.js'
export { forwardTargetFromEnv } from './forward.js'
export type { MockAgentServer, MockAgentServerOptions, MockRequestRecord } from './mock-agent-server.js'
export { DEFAULT_MOCK_AGENT_SERVER_OPTIONS, startMockAgentServer } from './mock-agent-server.js'
