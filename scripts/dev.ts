// `npm start`: the mock agent server on a free port plus the playground's Vite dev server, one process.
import { createServer } from 'vite'
import { playgroundConfig } from '../demo/vite.config.js'
import { forwardTargetFromEnv, startMockAgentServer } from '../src/testing/server/index.js'

const forward = forwardTargetFromEnv(process.env)
const mock = await startMockAgentServer({ port: Number(process.env.MOCK_PORT ?? 0), forward })
const vite = await createServer({
  ...playgroundConfig(mock.port, Number(process.env.PORT ?? 5173)),
  configFile: false,
})
await vite.listen()
const url = vite.resolvedUrls?.local[0] ?? `http://127.0.0.1:${vite.config.server.port}/`
process.stdout.write(
  `\n  react-agent-stream playground: ${url}\n  mock agent server:             ${mock.url}\n`,
)
process.stdout.write(
  forward
    ? `  POST /api/chat forwards to:   ${forward.kind} ${forward.baseUrl} (model ${forward.model})\n\n`
    : '  answers: the built-in scripted scenarios (set OPENAI_BASE_URL or ANTHROPIC_API_KEY for a real model)\n\n',
)

const shutdown = async () => {
  await vite.close()
  await mock.close()
  process.exit(0)
}
process.on('SIGINT', () => void shutdown())
process.on('SIGTERM', () => void shutdown())
