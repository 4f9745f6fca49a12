import { act, renderHook, waitFor } from '@testing-library/react'
import { type ReactNode, StrictMode } from 'react'
import {
  type ChatMessage,
  messageText,
  type StreamError,
  type StreamingChatOptions,
  type ToolCallPart,
  useStreamingChat,
} from 'react-agent-stream'
import { setupMockAgentServer } from '../helpers/setup-server.js'

const server = setupMockAgentServer({ tokenDelayMs: 1 })

const strict = ({ children }: { children: ReactNode }) => <StrictMode>{children}</StrictMode>
const requestsFor = (key: string) => server.requests.filter((request) => request.query.key === key)
const bodyOf = (key: string, index: number) => JSON.parse(requestsFor(key)[index]?.body ?? '{}')
const toolCalls = (messages: readonly ChatMessage[]) =>
  messages.flatMap((message) =>
    message.parts.filter((part): part is ToolCallPart => part.type === 'tool-call'),
  )
const answer = (messages: readonly ChatMessage[]) => {
  const last = messages.at(-1)
  return last?.role === 'assistant' ? messageText(last) : ''
}

function renderChat(key: string, scenario: string, options: StreamingChatOptions = {}) {
  return renderHook((props: StreamingChatOptions) => useStreamingChat(props), {
    initialProps: { api: `${server.url}/api/chat?key=${key}&scenario=${scenario}`, ...options },
    wrapper: strict,
  })
}

describe('tool approval and client tools over the mock agent', () => {
  it('approve: the continuation is sent once, carries the decision, and the answer continues the same message', async () => {
    const { result } = renderChat('approve', 'approval')
    await act(async () => {
      await result.current.send('Delete the report')
    })
    expect(result.current.status).toBe('complete')
    expect(toolCalls(result.current.messages)).toMatchObject([
      { id: 'call-delete', state: 'awaiting-approval', approval: { id: 'approval-delete' } },
    ])
    await act(async () => {
      await result.current.approveToolCall('call-delete')
    })
    expect(requestsFor('approve')).toHaveLength(2)
    const continuation = bodyOf('approve', 1)
    expect(continuation.messages.at(-1)).toMatchObject({
      role: 'assistant',
      toolCalls: [
        {
          id: 'call-delete',
          name: 'delete_file',
          args: { path: '/tmp/report.txt' },
          state: 'running',
          approval: { id: 'approval-delete', approved: true },
        },
      ],
    })
    expect(result.current.status).toBe('complete')
    expect(result.current.messages.map((message) => message.role)).toEqual(['user', 'assistant'])
    expect(answer(result.current.messages)).toBe(
      'I can delete that file, but I need your approval first. Done: I deleted /tmp/report.txt.',
    )
    expect(toolCalls(result.current.messages)).toMatchObject([
      { state: 'succeeded', result: { deleted: true }, approval: { approved: true } },
    ])
    expect(result.current.snapshot.continuations).toBe(1)
  })

  it('deny with a reason: the reason reaches the server and the answer says the tool did not run', async () => {
    const finishes: boolean[] = []
    const { result } = renderChat('deny', 'approval', {
      onFinish: (info) => finishes.push(info.continuation),
    })
    await act(async () => {
      await result.current.send('Delete the report')
    })
    await act(async () => {
      await result.current.denyToolCall('call-delete', { reason: 'I still need it' })
    })
    expect(requestsFor('deny')).toHaveLength(2)
    expect(bodyOf('deny', 1).messages.at(-1).toolCalls[0]).toMatchObject({
      state: 'denied',
      approval: { approved: false, reason: 'I still need it' },
    })
    expect(answer(result.current.messages)).toContain(
      'I did not delete /tmp/report.txt: you denied it (your reason: I still need it).',
    )
    expect(toolCalls(result.current.messages)[0]?.state).toBe('denied')
    // Each request is one response for onFinish: the first, then the continuation.
    expect(finishes).toEqual([false, true])
  })

  it('a synchronous onToolCall result is sent in one continuation and the answer uses it', async () => {
    const seen: string[] = []
    const { result } = renderChat('client-sync', 'client-tool', {
      onToolCall: ({ toolCall }) => {
        seen.push(toolCall.name)
        return toolCall.name === 'get_location' ? { city: 'Lisbon' } : undefined
      },
    })
    await act(async () => {
      await result.current.send('Where am I?')
    })
    await waitFor(() => expect(answer(result.current.messages)).toContain('You are in Lisbon.'))
    expect(seen).toEqual(['get_location'])
    expect(requestsFor('client-sync')).toHaveLength(2)
    expect(bodyOf('client-sync', 1).messages.at(-1).toolCalls).toEqual([
      {
        id: 'call-location',
        name: 'get_location',
        args: {},
        state: 'succeeded',
        result: { city: 'Lisbon' },
        runBy: 'client',
      },
    ])
  })

  it('an async onToolCall result arrives later and still sends exactly one continuation', async () => {
    let resolve: (value: unknown) => void = () => {}
    const { result } = renderChat('client-async', 'client-tool', {
      onToolCall: () => new Promise((settle) => (resolve = settle)),
    })
    await act(async () => {
      await result.current.send('Where am I?')
    })
    expect(toolCalls(result.current.messages)[0]).toMatchObject({ state: 'running', runBy: 'client' })
    expect(requestsFor('client-async')).toHaveLength(1)
    await act(async () => {
      resolve({ city: 'Porto' })
    })
    await waitFor(() => expect(answer(result.current.messages)).toContain('You are in Porto.'))
    await waitFor(() => expect(result.current.status).toBe('complete'))
    expect(requestsFor('client-async')).toHaveLength(2)
  })

  it('an onToolCall that throws becomes the tool error, and the backend hears about it', async () => {
    const { result } = renderChat('client-throws', 'client-tool', {
      onToolCall: () => {
        throw new Error('Location permission denied')
      },
    })
    await act(async () => {
      await result.current.send('Where am I?')
    })
    await waitFor(() =>
      expect(answer(result.current.messages)).toContain(
        'I could not get your location: Location permission denied.',
      ),
    )
    expect(toolCalls(result.current.messages)[0]).toMatchObject({
      state: 'failed',
      error: 'Location permission denied',
      runBy: 'client',
    })
  })

  it('a server that always asks again gets exactly maxAutoContinuations continuations, then a clear error', async () => {
    const errors: StreamError[] = []
    const { result } = renderChat('loop', 'client-tool-loop', {
      maxAutoContinuations: 3,
      onToolCall: () => ({ city: 'Lisbon' }),
      onError: (error) => errors.push(error),
    })
    await act(async () => {
      await result.current.send('Where am I?')
    })
    await waitFor(() => expect(result.current.status).toBe('error'))
    expect(requestsFor('loop')).toHaveLength(1 + 3)
    expect(result.current.error?.code).toBe('continuation_limit')
    expect(errors.map((error) => error.code)).toEqual(['continuation_limit'])
    expect(toolCalls(result.current.messages)).toHaveLength(4)
    expect(toolCalls(result.current.messages).every((call) => call.state === 'succeeded')).toBe(true)
    // A user message starts counting again.
    await act(async () => {
      await result.current.send('Again')
    })
    await waitFor(() => expect(result.current.status).toBe('error'))
    expect(requestsFor('loop')).toHaveLength(2 + 6)
  })

  it('stop while an approval is pending sends nothing, even after a later decision', async () => {
    const { result } = renderChat('stop-pending', 'approval')
    await act(async () => {
      await result.current.send('Delete the report')
    })
    act(() => result.current.stop())
    expect(result.current.status).toBe('cancelled')
    await act(async () => {
      await result.current.approveToolCall('call-delete')
    })
    expect(requestsFor('stop-pending')).toHaveLength(1)
    expect(toolCalls(result.current.messages)[0]?.approval).toMatchObject({ approved: true })
    // continueResponse() is the explicit way on.
    await act(async () => {
      await result.current.continueResponse()
    })
    expect(requestsFor('stop-pending')).toHaveLength(2)
    expect(answer(result.current.messages)).toContain('Done: I deleted /tmp/report.txt.')
  })

  it('stop while a client tool runs aborts its signal and drops its late result', async () => {
    let signal: AbortSignal | undefined
    let resolve: (value: unknown) => void = () => {}
    const { result } = renderChat('stop-client', 'client-tool', {
      onToolCall: (context) => {
        signal = context.signal
        return new Promise((settle) => (resolve = settle))
      },
    })
    await act(async () => {
      await result.current.send('Where am I?')
    })
    act(() => result.current.stop())
    expect(signal?.aborted).toBe(true)
    await act(async () => {
      resolve({ city: 'Late' })
    })
    expect(requestsFor('stop-client')).toHaveLength(1)
    expect(toolCalls(result.current.messages)[0]).toMatchObject({ state: 'failed', error: 'Tool stopped' })
    expect(result.current.status).toBe('cancelled')
  })

  it('an unknown id, a second decision and a bad outcome report tool_call errors and change nothing', async () => {
    const errors: StreamError[] = []
    const { result } = renderChat('unknown', 'approval', {
      autoContinue: false,
      onError: (error) => errors.push(error),
    })
    await act(async () => {
      await result.current.send('Delete the report')
    })
    const before = result.current.messages
    await act(async () => {
      await result.current.approveToolCall('no-such-call')
      await result.current.addToolResult('call-delete', { result: 1 })
      await result.current.addToolResult('call-delete', {} as never)
    })
    expect(result.current.messages).toBe(before)
    await act(async () => {
      await result.current.denyToolCall('call-delete')
      await result.current.approveToolCall('call-delete')
    })
    expect(errors.map((error) => [error.code, error.message])).toEqual([
      ['tool_call', "approveToolCall: no tool call 'no-such-call' in the current turn"],
      [
        'tool_call',
        "addToolResult: tool call 'call-delete' is not waiting for a result (it is awaiting-approval)",
      ],
      ['tool_call', 'addToolResult: the outcome must be {result} or {error}'],
      ['tool_call', "approveToolCall: tool call 'call-delete' is not awaiting approval (it is denied)"],
    ])
    // autoContinue: false leaves the continuation to the app.
    expect(requestsFor('unknown')).toHaveLength(1)
    expect(toolCalls(result.current.messages)[0]?.state).toBe('denied')
  })
})
