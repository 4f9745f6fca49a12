// A transport whose code loads later (the hooks' SSE transport before the engine chunk is there),
// over the real mock agent server. Only the load is scripted.
import {
  type ChatTransport,
  createChatSession,
  immediateScheduler,
  messageText,
} from '../../src/core/index.js'
import { resolveProtocol } from '../../src/protocols/registry.js'
import { getScenario, scenarioText } from '../../src/testing/index.js'
import { createDeferredTransport } from '../../src/transports/deferred-transport.js'
import { createSseTransport } from '../../src/transports/index.js'
import { setupMockAgentServer } from '../helpers/setup-server.js'

const server = setupMockAgentServer({ tokenDelayMs: 0 })
const fullAnswer = scenarioText(getScenario('markdown'))

function sessionOverDeferred(key: string) {
  const loads: { resolve: (transport: ChatTransport) => void; reject: (error: unknown) => void }[] = []
  const transport = createDeferredTransport(
    'sse',
    () => new Promise<ChatTransport>((resolve, reject) => loads.push({ resolve, reject })),
  )
  const session = createChatSession({
    transport,
    protocol: resolveProtocol('auto'),
    api: `${server.url}/api/chat?key=${key}`,
    scheduler: immediateScheduler,
  })
  return { session, loads }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('a transport that loads later', () => {
  it('holds a response until its code is there, then streams it', async () => {
    const { session, loads } = sessionOverDeferred('deferred-ok')
    const done = session.send('hello')
    await settle()
    expect(loads).toHaveLength(1)
    expect(server.requests.filter((request) => request.query.key === 'deferred-ok')).toHaveLength(0)
    loads[0]?.resolve(createSseTransport())
    const final = await done
    expect(final.status).toBe('complete')
    expect(messageText(final.messages.at(-1) as never)).toBe(fullAnswer)
  })

  it("ends the response in a retryable 'network' error when the load fails, and the next response loads again", async () => {
    const { session, loads } = sessionOverDeferred('deferred-fail')
    const done = session.send('hello')
    await settle()
    loads[0]?.reject(new Error('chunk failed to load'))
    const failed = await done
    expect(failed.status).toBe('error')
    expect(failed.error?.code).toBe('network')
    expect(failed.error?.retryable).toBe(true)
    expect(failed.error?.message).toBe('the sse transport could not be loaded')

    const again = session.retry()
    await settle()
    expect(loads).toHaveLength(2)
    loads[1]?.resolve(createSseTransport())
    const final = await again
    expect(final.status).toBe('complete')
    expect(messageText(final.messages.at(-1) as never)).toBe(fullAnswer)
  })
})
