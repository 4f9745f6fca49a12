import type { AgentEvent } from '../core/index.js'
import type { EventProducer } from './options.js'
import type { ResumableStore } from './store.js'

export interface ProducerRun {
  store: ResumableStore
  epoch: string
  events: EventProducer
  errorMessage: (error: unknown) => string
  onError: (error: unknown) => void
}

const CANCELLED = Symbol('cancelled')

function isTerminal(event: AgentEvent): boolean {
  return event.type === 'finish' || event.type === 'error'
}

function checkEvent(event: unknown): AgentEvent {
  if (typeof event !== 'object' || event === null || typeof (event as { type?: unknown }).type !== 'string') {
    throw new TypeError(
      `the producer yielded ${JSON.stringify(event)}, not an event object with a string 'type'`,
    )
  }
  return event as AgentEvent
}

/**
 * Runs one generation into the store, detached from any HTTP response: it goes on when the client
 * disconnects. It always ends the stream with a `finish` (a `cancelled` one on cancel) or an `error`,
 * so followers never wait for an end that will not come. Never rejects.
 */
export async function runProducer({
  store,
  epoch,
  events,
  errorMessage,
  onError,
}: ProducerRun): Promise<void> {
  const controller = new AbortController()
  const cancelled = new Promise<typeof CANCELLED>((resolve) => {
    controller.signal.addEventListener('abort', () => resolve(CANCELLED), { once: true })
  })
  const stopWatching = store.onCancel(epoch, () => controller.abort())
  let seq = 0
  let last: AgentEvent | undefined
  let iterator: AsyncIterator<AgentEvent> | Iterator<AgentEvent> | undefined

  try {
    const produced = Promise.resolve(events(controller.signal))
    produced.catch(() => {})
    const source = await Promise.race([cancelled, produced])
    if (source === CANCELLED) throw controller.signal.reason
    iterator =
      Symbol.asyncIterator in source
        ? source[Symbol.asyncIterator]()
        : (source as Iterable<AgentEvent>)[Symbol.iterator]()
    while (last === undefined) {
      if (controller.signal.aborted) break
      const next = Promise.resolve(iterator.next())
      // A producer that ignores its signal must not keep followers waiting: the cancel wins the race
      // (listed first, so it also wins when both are ready), and the late step is dropped quietly.
      next.catch(() => {})
      const step = await Promise.race([cancelled, next])
      if (step === CANCELLED) break
      if (step.done) {
        last = { type: 'finish', reason: 'stop' }
        break
      }
      const event = checkEvent(step.value)
      if (isTerminal(event)) {
        last = event
        break
      }
      const outcome = await store.append(epoch, { seq: ++seq, data: JSON.stringify(event) })
      if (outcome === 'cancelled') controller.abort()
      if (outcome === 'lost') {
        // The buffer is gone (a flushed Redis): no follower can get a consistent stream, so stop
        // generating. The finish below then only releases what the store holds for the stream.
        controller.abort()
        onError(new Error(`resumable stream ${epoch} was lost from the store; generation stopped`))
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) {
      onError(error)
      last = { type: 'error', message: errorMessage(error) }
    }
  } finally {
    stopWatching()
    // Only a cancel (or a lost buffer) leaves the loop without a last event.
    last ??= { type: 'finish', reason: 'cancelled' }
    // Tell the producer we are done with it; an async generator runs its `finally` blocks.
    Promise.resolve(iterator?.return?.()).catch(() => {})
  }
  try {
    await store.finish(epoch, { seq: seq + 1, data: JSON.stringify(last) })
  } catch (error) {
    onError(error)
  }
}
