// The hooks render before the chat engine's chunk has loaded (docs/design.md, "What loads when"):
// this file's first chat is the page's first, so it meets the stand-in session.
import { act, renderHook } from '@testing-library/react'
import { type ReactNode, StrictMode } from 'react'
import { messageText, useStreamingChat } from 'react-agent-stream'
import { getScenario, scenarioText } from 'react-agent-stream/testing'
import { chatEngine } from '../../src/hooks/load-chat-engine.js'
import { setupMockAgentServer } from '../helpers/setup-server.js'

const server = setupMockAgentServer({ tokenDelayMs: 0 })
const strict = ({ children }: { children: ReactNode }) => <StrictMode>{children}</StrictMode>

describe('useStreamingChat before its engine has loaded', () => {
  it('renders the initial messages, shows a send as submitted at once, and answers it once the engine is there', async () => {
    const initialMessages = [
      { id: 'u0', role: 'user' as const, parts: [{ type: 'text' as const, text: 'earlier' }] },
    ]
    const { result } = renderHook(
      () => useStreamingChat({ api: `${server.url}/api/chat?key=first`, initialMessages }),
      { wrapper: strict },
    )
    expect(chatEngine().loaded()).toBeUndefined()
    expect(result.current.status).toBe('idle')
    expect(result.current.messages).toEqual(initialMessages)

    let done: Promise<unknown> | undefined
    act(() => {
      done = result.current.send('hello')
    })
    expect(chatEngine().loaded()).toBeUndefined()
    expect(result.current.status).toBe('submitted')
    expect(result.current.messages.map(messageText)).toEqual(['earlier', 'hello'])

    await act(async () => {
      await done
    })
    expect(chatEngine().loaded()).toBeDefined()
    expect(result.current.status).toBe('complete')
    expect(messageText(result.current.messages.at(-1) as never)).toBe(scenarioText(getScenario('markdown')))
    expect(server.requests.filter((request) => request.query.key === 'first')).toHaveLength(1)
  })
})
