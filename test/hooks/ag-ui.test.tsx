import { act, renderHook } from '@testing-library/react'
import { type ReactNode, StrictMode } from 'react'
import { type StreamingChatOptions, useStreamingChat } from 'react-agent-stream'
import { setupServer } from '../helpers/setup-server.js'
import { agUiRequest } from '../protocols/ag-ui-request.js'
import { startAgUiServer } from '../protocols/ag-ui-server.js'

// useStreamingChat with protocol 'ag-ui' against an AG-UI endpoint on 127.0.0.1 that streams
// @ag-ui/encoder output and accepts only a valid RunAgentInput.
const server = setupServer(startAgUiServer)

const strict = ({ children }: { children: ReactNode }) => <StrictMode>{children}</StrictMode>

function renderChat(run: string) {
  const options: StreamingChatOptions = {
    api: server.url(run),
    protocol: 'ag-ui',
    reconnect: false,
    prepareRequest: agUiRequest(`hook-${run}`, () => ({ approved: true })),
  }
  return renderHook(() => useStreamingChat(options), { wrapper: strict })
}

describe("useStreamingChat with protocol 'ag-ui'", () => {
  it('ends with the reasoning, the tool call with its args and result, the answer and the agent state', async () => {
    const { result } = renderChat('weather')
    await act(async () => {
      await result.current.send('Weather in Oslo?')
    })
    expect(result.current.status).toBe('complete')
    const answer = result.current.messages.at(-1)
    expect(answer?.role).toBe('assistant')
    const parts = answer?.parts ?? []
    expect(parts.find((part) => part.type === 'reasoning')).toMatchObject({
      text: 'The user wants the weather; call get_weather for Oslo.',
      state: 'done',
    })
    expect(parts.find((part) => part.type === 'tool-call')).toMatchObject({
      name: 'get_weather',
      argsText: '{"city":"Oslo","days":2}',
      args: { city: 'Oslo', days: 2 },
      state: 'succeeded',
      result: '{"tempC":4,"sky":"snow"}',
    })
    expect(parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('')).toBe(
      'Checking the forecast.\n\nOslo: **4 °C** and snow.',
    )
    const states = parts.filter((part) => part.type === 'data' && part.name === 'agent-state')
    expect(states).toHaveLength(1)
    expect(states[0]).toMatchObject({ data: { city: 'Oslo', forecast: { tempC: 4, sky: 'snow' } } })
    expect(server.inputs.filter((input) => input.threadId === 'hook-weather')).toHaveLength(1)
  })

  it('ends an interrupted run complete with reason interrupted and the interrupt as data', async () => {
    const { result } = renderChat('approval')
    await act(async () => {
      await result.current.send('Email ops')
    })
    expect(result.current.status).toBe('complete')
    expect(result.current.snapshot.finishReason).toBe('interrupted')
    const parts = result.current.messages.at(-1)?.parts ?? []
    expect(parts.find((part) => part.type === 'data' && part.name === 'interrupt')).toMatchObject({
      data: { interrupts: [{ id: 'int-1', reason: 'tool_approval', message: 'Send this email?' }] },
    })
    expect(parts.find((part) => part.type === 'tool-call')).toMatchObject({
      name: 'send_email',
      args: { to: 'ops@example.com', subject: 'Snow day' },
    })
  })

  it('shows RUN_ERROR as the error state with the text kept', async () => {
    const { result } = renderChat('failing')
    await act(async () => {
      await result.current.send('Look it up')
    })
    expect(result.current.status).toBe('error')
    expect(result.current.error?.message).toBe('Upstream model timed out')
    expect(result.current.messages.at(-1)?.parts).toMatchObject([{ type: 'text', text: 'Looking that up' }])
  })
})
