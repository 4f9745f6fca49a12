import { type Protocol, StreamError } from '../../src/core/index.js'
import { agentEventsProtocol } from '../../src/protocols/index.js'
import { createLazyProtocol } from '../../src/protocols/lazy.js'
import { createControlledWire, lastText, sessionOver, settle } from '../helpers/session-harness.js'

/** A protocol whose code arrives when the test says so (or fails to). */
function createDeferredProtocol() {
  const loads: { resolve: (protocol: Protocol) => void; reject: (error: unknown) => void }[] = []
  const protocol = createLazyProtocol(
    'deferred',
    () =>
      new Promise<Protocol>((resolve, reject) => {
        loads.push({ resolve, reject })
      }),
  )
  return { protocol, loads }
}

describe('a session over a protocol that loads on demand', () => {
  it('starts loading when the session is created, before anything is sent', () => {
    const { protocol, loads } = createDeferredProtocol()
    sessionOver(createControlledWire(), { protocol })
    expect(loads).toHaveLength(1)
  })

  it('holds the frames that arrive before the protocol is loaded and decodes them in order after', async () => {
    const { protocol, loads } = createDeferredProtocol()
    const wire = createControlledWire()
    const session = sessionOver(wire, { protocol })
    const done = session.send('Hi')
    await settle()
    wire.event({ type: 'text-delta', text: 'Hel' })
    wire.event({ type: 'text-delta', text: 'lo' })
    await settle()
    expect(lastText(session.getSnapshot())).toBe('Hi')
    loads[0]?.resolve(agentEventsProtocol)
    wire.event({ type: 'finish', reason: 'stop' })
    const final = await done
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe('Hello')
  })

  it("ends the response with a 'protocol' error naming the protocol when it cannot load, and retry() loads it again", async () => {
    const { protocol, loads } = createDeferredProtocol()
    const errors: StreamError[] = []
    const wire = createControlledWire()
    const session = sessionOver(wire, { protocol, onError: (error) => errors.push(error) })
    // The load at creation fails; the response that needs the protocol tries once more, and fails too.
    loads[0]?.reject(new Error('offline'))
    const done = session.send('Hi')
    await settle()
    wire.event({ type: 'text-delta', text: 'lost' })
    await settle()
    expect(loads).toHaveLength(2)
    loads[1]?.reject(new Error('chunk failed to load'))
    const failed = await done
    expect(failed.status).toBe('error')
    expect(failed.error).toBeInstanceOf(StreamError)
    expect(failed.error?.code).toBe('protocol')
    expect(failed.error?.message).toBe("the 'deferred' protocol could not be loaded")
    expect(failed.error?.cause).toEqual(new Error('chunk failed to load'))
    expect(errors.map((error) => error.code)).toEqual(['protocol'])

    const again = session.retry()
    await settle()
    wire.event({ type: 'text-delta', text: 'Hello' })
    await settle()
    expect(loads).toHaveLength(3)
    loads[2]?.resolve(agentEventsProtocol)
    wire.event({ type: 'finish', reason: 'stop' })
    const final = await again
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe('Hello')
  })
})
