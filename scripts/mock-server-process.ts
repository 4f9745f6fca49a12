// A mock agent server in its own process, for browser tests: inside Vitest's main process its timers
// starve while Vite transforms, and SSE timing swings from 0.1 s to a timeout. Reports {port} over IPC.
import { startMockAgentServer } from '../src/testing/server/index.js'
import { serveForParent } from '../test/helpers/child-process.js'

const server = await startMockAgentServer({ port: Number(process.argv[2] ?? 0) })
serveForParent({ port: server.port, url: server.url, wsUrl: server.wsUrl }, () => server.close())
