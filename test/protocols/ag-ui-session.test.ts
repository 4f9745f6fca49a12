import { createChatSession, immediateScheduler } from '../../src/core/index.js'
import { protocols } from '../../src/protocols/index.js'
import { createSseTransport } from '../../src/transports/index.js'
import { setupServer } from '../helpers/setup-server.js'
import { agUiRequest } from './ag-ui-request.js'
import { startAgUiServer } from './ag-ui-server.js'

const server = setupServer(startAgUiServer)

function session(run: string) {
  return createChatSession({
    api: server.url(run),
    transport: createSseTransport({ retry: false }),
    protocol: protocols['ag-ui'],
    scheduler: immediateScheduler,
    prepareRequest: agUiRequest(`thread-${run}`, () => ({ approved: true })),
  })
}

describe('createChatSession over a real AG-UI endpoint (@ag-ui/encoder on 127.0.0.1)', () => {
  it('shows reasoning, the tool call with its args and result, the text and the agent state', async () => {
    const final = await session('weather').send('Weather in Oslo?')
    expect(final.status).toBe('complete')
    expect(final.finishReason).toBe('stop')
    expect(final.usage).toEqual({ inputTokens: 150, outputTokens: 50, reasoningTokens: 8, totalTokens: 200 })
    expect(final.messages.map((message) => message.role)).toEqual(['user', 'assistant'])
    const answer = final.messages.at(-1)
    // Data parts keep their place: a replaced one (same id) stays where it first appeared.
    expect(answer?.parts).toMatchObject([
      { type: 'data', name: 'step', data: { stepName: 'plan', status: 'finished' } },
      { type: 'reasoning', text: 'The user wants the weather; call get_weather for Oslo.', state: 'done' },
      {
        type: 'data',
        name: 'agent-state',
        id: 'ag-ui-state',
        data: {
          city: 'Oslo',
          steps: [
            { name: 'plan', done: true },
            { name: 'fetch', done: true },
          ],
          forecast: { tempC: 4, sky: 'snow' },
        },
      },
      { type: 'text', text: 'Checking the forecast.\n\n' },
      {
        type: 'tool-call',
        id: 'call-1',
        name: 'get_weather',
        args: { city: 'Oslo', days: 2 },
        state: 'succeeded',
        result: '{"tempC":4,"sky":"snow"}',
      },
      { type: 'text', text: 'Oslo: **4 °C** and snow.' },
      { type: 'data', name: 'progress', data: { percent: 100 } },
      { type: 'data', name: 'messages-snapshot' },
      { type: 'data', name: 'run-result', data: { answered: true } },
    ])
    expect(answer?.parts).toHaveLength(9)
    expect(server.inputs.at(-1)).toMatchObject({
      threadId: 'thread-weather',
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      state: {},
    })
  })

  it('stops at an interrupt, keeps it as data, and resumes it in the next run', async () => {
    const chat = session('approval')
    const paused = await chat.send('Email ops about the snow')
    expect(paused.status).toBe('complete')
    expect(paused.finishReason).toBe('interrupted')
    const answer = paused.messages.at(-1)
    expect(answer?.parts.find((part) => part.type === 'tool-call')).toMatchObject({
      id: 'call-2',
      name: 'send_email',
      args: { to: 'ops@example.com', subject: 'Snow day' },
      state: 'running',
    })
    expect(answer?.parts.find((part) => part.type === 'data' && part.name === 'interrupt')).toMatchObject({
      data: { threadId: 'thread-weather', runId: 'thread-approval-run-1', interrupts: [{ id: 'int-1' }] },
    })

    const resumed = await chat.send('Yes, send it')
    expect(resumed.finishReason).toBe('stop')
    // The resumed run carries the answer to the interrupt and the state the first run left.
    expect(server.inputs.at(-1)).toMatchObject({
      threadId: 'thread-approval',
      resume: [{ interruptId: 'int-1', status: 'resolved', payload: { approved: true } }],
      state: { drafts: 1 },
    })
  })

  it('ends in error on RUN_ERROR, keeping the text that arrived', async () => {
    const final = await session('failing').send('Look it up')
    expect(final.status).toBe('error')
    expect(final.error?.message).toBe('Upstream model timed out')
    expect(final.messages.at(-1)?.parts).toMatchObject([{ type: 'text', text: 'Looking that up' }])
  })
})
