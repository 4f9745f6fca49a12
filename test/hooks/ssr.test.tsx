// @vitest-environment node

import { messageText, useStreamingChat, useWebSocketAgent } from 'react-agent-stream'
import { renderToString } from 'react-dom/server'
import { setupMockAgentServer } from '../helpers/setup-server.js'

const server = setupMockAgentServer()

function Page() {
  const chat = useStreamingChat({
    api: `${server.url}/api/chat`,
    initialMessages: [{ id: 'm1', role: 'assistant', parts: [{ type: 'text', text: 'Welcome back' }] }],
  })
  const agent = useWebSocketAgent({ url: server.wsUrl })
  return (
    <main>
      <p>{chat.status}</p>
      <p>{chat.messages.map(messageText).join('')}</p>
      <p>{agent.readyState}</p>
    </main>
  )
}

describe('server-side rendering', () => {
  it('renders without window and opens no connection', () => {
    expect(typeof window).toBe('undefined')
    const html = renderToString(<Page />)
    expect(html).toContain('idle')
    expect(html).toContain('Welcome back')
    expect(server.requests).toHaveLength(0)
    expect(server.socketConnections).toBe(0)
  })
})
