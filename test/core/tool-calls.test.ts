import type { PrepareRequestInput, StreamError, ToolCallPart } from '../../src/core/index.js'
import { createControlledWire, sessionOver, settle } from '../helpers/session-harness.js'

const calls = (snapshot: { messages: readonly { parts: readonly { type: string }[] }[] }) =>
  snapshot.messages.flatMap((message) =>
    message.parts.filter((part): part is ToolCallPart => part.type === 'tool-call'),
  )

function askForTool(wire: ReturnType<typeof createControlledWire>, id: string, approval = false) {
  wire.event({ type: 'tool-call-start', id, name: 'get_location' })
  wire.event({ type: 'tool-call-end', id, args: {} })
  if (approval) wire.event({ type: 'tool-approval-request', id })
}

describe('client tools and the continuation rule', () => {
  it('a continuation tells prepareRequest and the transport what it continues, and streams into the same message', async () => {
    const wire = createControlledWire()
    const inputs: PrepareRequestInput[] = []
    const session = sessionOver(wire, {
      onToolCall: () => ({ city: 'Lisbon' }),
      prepareRequest: (input) => {
        inputs.push(input)
        return {}
      },
    })
    const first = session.send('Where am I?')
    await settle()
    askForTool(wire, 'c1')
    wire.event({ type: 'finish', reason: 'tool-calls' })
    const answered = await first
    await settle()
    expect(inputs.map((input) => input.continuation?.messageId)).toEqual([
      undefined,
      answered.responseMessageId,
    ])
    expect(wire.contexts[1]?.continuation?.toolCalls).toMatchObject([
      { id: 'c1', result: { city: 'Lisbon' } },
    ])
    wire.event({ type: 'message-start', messageId: 'server-id' })
    wire.event({ type: 'text-delta', text: 'Lisbon.' })
    wire.event({ type: 'finish', reason: 'stop' })
    await settle()
    const final = session.getSnapshot()
    expect(final.messages).toHaveLength(2)
    expect(final.messages[1]?.id).toBe(answered.responseMessageId)
    expect(final.continuations).toBe(1)
  })

  it('a tool the backend ran (onToolCall returned undefined) never triggers a continuation', async () => {
    const wire = createControlledWire()
    const seen: string[] = []
    const session = sessionOver(wire, { onToolCall: ({ toolCall }) => void seen.push(toolCall.id) })
    const done = session.send('Weather?')
    await settle()
    askForTool(wire, 'w1')
    wire.event({ type: 'tool-result', id: 'w1', result: 18 })
    wire.event({ type: 'finish', reason: 'stop' })
    await done
    await settle()
    expect(seen).toEqual(['w1'])
    expect(wire.contexts).toHaveLength(1)
    expect(calls(session.getSnapshot())[0]?.runBy).toBeUndefined()
  })

  it('a response that failed sends no continuation even when its tool calls are settled', async () => {
    const wire = createControlledWire()
    const session = sessionOver(wire, { onToolCall: () => 1 })
    const done = session.send('Go')
    await settle()
    askForTool(wire, 'c1')
    wire.event({ type: 'error', message: 'model crashed' })
    await done
    await settle()
    expect(session.getSnapshot().status).toBe('error')
    expect(wire.contexts).toHaveLength(1)
  })

  it('reset drops an async result that arrives afterwards and aborts its signal', async () => {
    const wire = createControlledWire()
    let signal: AbortSignal | undefined
    let resolve: (value: unknown) => void = () => {}
    const session = sessionOver(wire, {
      onToolCall: (context) => {
        signal = context.signal
        return new Promise((settleResult) => (resolve = settleResult))
      },
    })
    const done = session.send('Go')
    await settle()
    askForTool(wire, 'c1')
    wire.event({ type: 'finish', reason: 'tool-calls' })
    await done
    session.reset()
    expect(signal?.aborted).toBe(true)
    resolve('late')
    await settle()
    expect(session.getSnapshot().messages).toEqual([])
    expect(wire.contexts).toHaveLength(1)
  })

  it('autoContinue decides from the snapshot; continueResponse sends when it said no, and refuses while calls are pending', async () => {
    const wire = createControlledWire()
    const errors: StreamError[] = []
    const asked: number[] = []
    const session = sessionOver(wire, {
      autoContinue: (snapshot) => {
        asked.push(calls(snapshot).length)
        return false
      },
      onError: (error) => errors.push(error),
    })
    const done = session.send('Go')
    await settle()
    askForTool(wire, 'a1', true)
    askForTool(wire, 'a2', true)
    wire.event({ type: 'finish', reason: 'tool-calls' })
    await done
    await session.continueResponse()
    expect(errors.map((error) => error.code)).toEqual(['tool_call'])
    await session.approveToolCall('a1')
    expect(asked).toEqual([])
    await session.denyToolCall('a2')
    expect(asked).toEqual([2])
    expect(wire.contexts).toHaveLength(1)
    void session.continueResponse()
    await settle()
    expect(wire.contexts).toHaveLength(2)
    expect(JSON.parse(wire.contexts[1]?.request.body ?? '{}').messages[1].toolCalls).toMatchObject([
      { id: 'a1', state: 'running', approval: { approved: true } },
      { id: 'a2', state: 'denied', approval: { approved: false } },
    ])
  })
})
