import { autoProtocol, plainTextProtocol, protocols } from '../../src/protocols/index.js'
import { createControlledWire, lastText, sessionOver, settle } from '../helpers/session-harness.js'
import { waitFor } from '../helpers/wait-for.js'

// Issue 15: a clean end of body completes a protocol without a terminal event; for the others it
// is a drop to resume from. Each protocol says which it is.
describe('whether a protocol ends every response with a terminal event', () => {
  it('is declared by every built-in decoder', () => {
    const declared = Object.fromEntries(
      Object.entries(protocols)
        .filter(([name]) => name !== 'auto')
        .map(([name, protocol]) => [name, protocol.createDecoder().hasTerminalEvent]),
    )
    expect(declared).toEqual({
      'plain-text': false,
      'agent-events': true,
      'websocket-chunk': true,
      'openai-chat': true,
      'openai-responses': true,
      anthropic: true,
      'ai-sdk': true,
      langchain: false,
      langgraph: false,
      'multi-agent': false,
      'ag-ui': true,
    })
  })

  it('is, for auto, the answer of the protocol it chose', () => {
    const fromHeaders = autoProtocol.createDecoder({ headers: { 'content-type': 'text/plain' } })
    expect(fromHeaders.hasTerminalEvent).toBe(false)
    const openai = autoProtocol.createDecoder()
    openai.decode({ data: JSON.stringify({ object: 'chat.completion.chunk', choices: [] }) })
    expect(openai.detected).toBe('openai-chat')
    expect(openai.hasTerminalEvent).toBe(true)
    const plain = autoProtocol.createDecoder()
    plain.decode({ data: 'Hello there' })
    expect(plain.hasTerminalEvent).toBe(false)
  })

  it('is, for an undecided auto, the answer of the protocol it would fall back to', () => {
    const undecided = autoProtocol.createDecoder()
    undecided.decode({ data: '' })
    expect(undecided.detected).toBeUndefined()
    expect(undecided.hasTerminalEvent).toBe(false)
    undecided.decode({ data: '{"unknown":true}' })
    expect(undecided.detected).toBeUndefined()
    expect(undecided.hasTerminalEvent).toBe(true)
  })

  it('lets a clean end of body complete plain text, while agent events read on to their finish', async () => {
    const plainWire = createControlledWire()
    const plain = sessionOver(plainWire, { protocol: plainTextProtocol })
    const plainDone = plain.send('Hi')
    await waitFor(() => plainWire.contexts.length === 1)
    plainWire.event({ type: 'text-delta', text: 'not json to plain text' }, '1')
    plainWire.endOfBody()
    expect((await plainDone).status).toBe('complete')

    const eventsWire = createControlledWire()
    const events = sessionOver(eventsWire)
    const eventsDone = events.send('Hi')
    await waitFor(() => eventsWire.contexts.length === 1)
    eventsWire.event({ type: 'text-delta', text: 'a' }, '1')
    eventsWire.endOfBody()
    await settle()
    // Still reading: the SSE transport would now resume from '1'.
    expect(events.getSnapshot().status).toBe('streaming')
    eventsWire.event({ type: 'text-delta', text: 'b' }, '2')
    eventsWire.event({ type: 'finish', reason: 'stop' }, '3')
    const final = await eventsDone
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe('ab')
  })
})
