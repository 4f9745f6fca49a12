import {
  type AgentEvent,
  type ChatSessionOptions,
  createChatSession,
  createManualScheduler,
  type EndFrame,
  immediateScheduler,
  messageText,
  type TransportContext,
  type TransportFrame,
} from '../../src/core/index.js'
import { agentEventsProtocol } from '../../src/protocols/index.js'
import { createIterableTransport } from '../../src/transports/index.js'

/** A hand-driven wire: the test pushes frames, the session reads them. */
export function createControlledWire() {
  const contexts: TransportContext[] = []
  let push: (frame: TransportFrame | undefined) => void = () => {}
  let fail: (error: unknown) => void = () => {}
  const transport = createIterableTransport(async function* (context) {
    contexts.push(context)
    const pending: (TransportFrame | undefined)[] = []
    let wake: (() => void) | undefined
    let failure: unknown
    push = (frame) => {
      pending.push(frame)
      wake?.()
    }
    fail = (error) => {
      failure = error ?? new Error('failed')
      wake?.()
    }
    while (!context.signal.aborted) {
      if (pending.length > 0) {
        const next = pending.shift()
        if (next === undefined) return
        yield next
        continue
      }
      if (failure !== undefined) throw failure
      await new Promise<void>((resolve) => {
        wake = resolve
        context.signal.addEventListener('abort', () => resolve(), { once: true })
      })
    }
  }, 'controlled')
  return {
    transport,
    contexts,
    /** Sends one agent event as a frame (with an optional id). */
    event(event: AgentEvent, id?: string) {
      push({ data: JSON.stringify(event), ...(id === undefined ? {} : { id }) })
    },
    /** Ends the stream cleanly. */
    end() {
      push(undefined)
    },
    /** Moves the cursor without an event (an SSE id-only block; '' clears it). */
    cursor(id: string) {
      push({ kind: 'cursor', id })
    },
    /** Says the body ended cleanly with a cursor, as the SSE transport does; reading on resumes. */
    endOfBody() {
      const end: EndFrame = { kind: 'end' }
      push(end)
    },
    fail(error: unknown) {
      fail(error)
    },
  }
}

/** Lets pending promise callbacks run. */
export async function settle(rounds = 5): Promise<void> {
  for (let index = 0; index < rounds; index++) await new Promise((resolve) => setImmediate(resolve))
}

export function lastText(snapshot: { messages: readonly { role: string }[] }): string {
  const last = snapshot.messages[snapshot.messages.length - 1]
  return last ? messageText(last as Parameters<typeof messageText>[0]) : ''
}

export function sessionOver(
  wire: ReturnType<typeof createControlledWire>,
  options: Partial<ChatSessionOptions> = {},
) {
  return createChatSession({
    transport: wire.transport,
    protocol: agentEventsProtocol,
    scheduler: immediateScheduler,
    ...options,
  })
}

export { createManualScheduler }
