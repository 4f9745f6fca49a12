import { startMockAgentServer } from './mock-agent-server.js'

/** `react-agent-stream-mock [--port N]`: starts the mock agent server and prints its URLs. */
export async function runMockAgentCli(argv: readonly string[]): Promise<void> {
  const portFlag = argv.indexOf('--port')
  const port = portFlag >= 0 ? Number(argv[portFlag + 1]) : 8787
  const server = await startMockAgentServer({ port })
  process.stdout.write(
    `mock agent on ${server.url}\n  SSE  POST ${server.url}/api/chat\n  SSE  GET  ${server.url}/api/stream?query=hi\n  WS   ${server.wsUrl}\n`,
  )
  const stop = () => {
    void server.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
