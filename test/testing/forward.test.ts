import {
  autoProtocol,
  createChatSession,
  createSseTransport,
  messageText,
  openAIChatProtocol,
} from 'react-agent-stream/core'
import {
  forwardTargetFromEnv,
  type MockAgentServer,
  startMockAgentServer,
} from 'react-agent-stream/testing/server'
import { setupHttpServer } from '../helpers/setup-server.js'
import { readFixture } from '../helpers/sse-fixture.js'
import { decodeFixture } from '../protocols/decode-helpers.js'

// An OpenAI-compatible endpoint on 127.0.0.1 that replays a recorded stream and records what it got.
const received: { path: string; authorization: string | undefined; body: Record<string, unknown> }[] = []

const upstream = setupHttpServer((request, response) => {
  let body = ''
  request.on('data', (chunk) => {
    body += chunk
  })
  request.on('end', () => {
    received.push({
      path: request.url ?? '',
      authorization: request.headers.authorization,
      body: JSON.parse(body),
    })
    response.writeHead(200, { 'content-type': 'text/event-stream' })
    response.end(readFixture('openai-chat/text-with-usage.sse'))
  })
})

describe('forwarding the playground to a real OpenAI-compatible model', () => {
  it('reads the target from OPENAI_BASE_URL, OPENAI_API_KEY and OPENAI_MODEL', () => {
    expect(
      forwardTargetFromEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1/', OPENAI_MODEL: 'llama3' }),
    ).toEqual({
      kind: 'openai',
      baseUrl: 'http://127.0.0.1:11434/v1',
      apiKey: undefined,
      model: 'llama3',
    })
    expect(forwardTargetFromEnv({ ANTHROPIC_API_KEY: 'k' })?.kind).toBe('anthropic')
    expect(forwardTargetFromEnv({})).toBeUndefined()
  })

  it('sends the conversation upstream with stream: true and streams the answer back to the hooks', async () => {
    const server: MockAgentServer = await startMockAgentServer({
      forward: { kind: 'openai', baseUrl: `${upstream.url}/v1`, apiKey: 'sk-test', model: 'test-model' },
    })
    try {
      const session = createChatSession({
        transport: createSseTransport(),
        protocol: autoProtocol,
        api: `${server.url}/api/chat`,
      })
      const snapshot = await session.send('Say hello')
      expect(snapshot.status).toBe('complete')
      const answer = snapshot.messages.at(-1)
      const expected = decodeFixture(openAIChatProtocol, 'openai-chat/text-with-usage.sse').transcript.text
      expect(expected.length).toBeGreaterThan(0)
      expect(answer && messageText(answer)).toBe(expected)
      expect(received[0]?.path).toBe('/v1/chat/completions')
      expect(received[0]?.authorization).toBe('Bearer sk-test')
      expect(received[0]?.body).toMatchObject({
        model: 'test-model',
        stream: true,
        messages: [{ role: 'user', content: 'Say hello' }],
      })
    } finally {
      await server.close()
    }
  })
})
