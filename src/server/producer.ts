import type { AgentEvent } from '../core/index.js'
import type { EventProducer } from './options.js'
import type { AppendOutcome, ResumableStore, StoredEvent } from './store.js'

export interface AppendBatchOptions {
  /** Most events one store write carries. @default 500 */
  maxEvents: number
  /** Past this much JSON text (in UTF-16 code units) the producer stops pulling until the write in flight lands. @default 524_288 */
  maxBytes: number
}

/**
 * Bounds of the batch the producer gathers while a write is in flight. A lone event is written at
 * once; only a producer faster than the store fills a batch, and then each write carries many events.
 */
export const DEFAULT_APPEND_BATCH: Readonly<AppendBatchOptions> = Object.freeze({
  maxEvents: 500,
  maxBytes: 524_288,
})

export interface ProducerRun {
  store: ResumableStore
  epoch: string
  events: EventProducer
  errorMessage: (error: unknown) => string
  onError: (error: unknown) => void
  /** @default DEFAULT_APPEND_BATCH */
  batch?: AppendBatchOptions | undefined
}

const CANCELLED = Symbol('cancelled')

/** What the producer loop waits for: a cancel, the next step of the iterator, or a write landing. */
type Wake =
  | typeof CANCELLED
  | { step: IteratorResult<AgentEvent> }
  | { failed: unknown }
  | { outcome: AppendOutcome }

function isTerminal(event: AgentEvent): boolean {
  return event.type === 'finish' || event.type === 'error'
}

/** A step whose value is not an event counts as the producer failing with a clear message. */
function checkStep(
  step: IteratorResult<AgentEvent>,
): { done: true } | { done: false; value: AgentEvent } | { failed: unknown } {
  if (step.done) return { done: true }
  const event: unknown = step.value
  if (typeof event !== 'object' || event === null || typeof (event as { type?: unknown }).type !== 'string') {
    return {
      failed: new TypeError(
        `the producer yielded ${JSON.stringify(event)}, not an event object with a string 'type'`,
      ),
    }
  }
  return { done: false, value: event as AgentEvent }
}

/** The JSON the store keeps; an event JSON cannot carry (a BigInt, a cycle) fails like the producer. */
function serialize(
  step: ReturnType<typeof checkStep>,
): { done: true } | { done: false; value: AgentEvent; data: string } | { failed: unknown } {
  if ('failed' in step || step.done) return step
  try {
    return { ...step, data: JSON.stringify(step.value) }
  } catch (error) {
    return { failed: error }
  }
}

/**
 * Runs one generation into the store, detached from any HTTP response: it goes on when the client
 * disconnects. It always ends the stream with a `finish` (a `cancelled` one on cancel) or an `error`,
 * so followers never wait for an end that will not come. Never rejects.
 *
 * One write is in flight at a time; while it is, the producer keeps pulling events into a bounded
 * batch that the next write stores in one go. So a fast producer costs a round trip per batch, not
 * per event, and a slow one still has each event written the moment it comes (no timers).
 */
export async function runProducer({
  store,
  epoch,
  events,
  errorMessage,
  onError,
  batch = DEFAULT_APPEND_BATCH,
}: ProducerRun): Promise<void> {
  const controller = new AbortController()
  const cancelled = new Promise<typeof CANCELLED>((resolve) => {
    controller.signal.addEventListener('abort', () => resolve(CANCELLED), { once: true })
  })
  const stopWatching = store.onCancel(epoch, () => controller.abort())
  /** The seq of the last event handed to the store. */
  let seq = 0
  let last: AgentEvent | undefined
  let iterator: AsyncIterator<AgentEvent> | Iterator<AgentEvent> | undefined
  /** Events pulled but not yet handed to the store, as JSON. */
  let pending: string[] = []
  let pendingBytes = 0
  let pulling: Promise<Wake> | undefined
  let writing: Promise<Wake> | undefined

  function write() {
    const batchEvents: StoredEvent[] = pending.map((data) => ({ seq: ++seq, data }))
    pending = []
    pendingBytes = 0
    writing = store.append(epoch, batchEvents).then((outcome) => ({ outcome }))
    // Awaited by the loop, or after a cancel before the finish; never an unhandled rejection.
    writing.catch(() => {})
  }

  function pull(source: AsyncIterator<AgentEvent> | Iterator<AgentEvent>) {
    pulling = Promise.resolve()
      .then(() => source.next())
      .then(
        (step) => ({ step }),
        (error: unknown) => ({ failed: error }),
      )
  }

  try {
    const produced = Promise.resolve(events(controller.signal))
    produced.catch(() => {})
    const source = await Promise.race([cancelled, produced])
    if (source === CANCELLED) throw controller.signal.reason
    const started =
      Symbol.asyncIterator in source
        ? source[Symbol.asyncIterator]()
        : (source as Iterable<AgentEvent>)[Symbol.iterator]()
    iterator = started
    // Until the last event is pulled and every pulled one is written. A cancel or a lost buffer
    // leaves at once: what is still pending is dropped (the stream ends right after what is stored).
    while (!controller.signal.aborted) {
      if (writing === undefined && pending.length > 0) write()
      const full = pending.length >= batch.maxEvents || pendingBytes >= batch.maxBytes
      if (pulling === undefined && last === undefined && !full) pull(started)
      if (writing === undefined && pulling === undefined) break
      // A producer that ignores its signal must not keep followers waiting: the cancel wins the race
      // (listed first, so it also wins when both are ready), and a late step is dropped quietly. A
      // landed write comes before a step, so a cancel or a loss it reports stops the pulling soonest.
      const wake: Wake = await Promise.race(
        [cancelled, writing, pulling].filter((contender) => contender !== undefined),
      )
      if (wake === CANCELLED) break
      if ('outcome' in wake) {
        writing = undefined
        if (wake.outcome === 'cancelled') controller.abort()
        if (wake.outcome === 'lost') {
          // The buffer is gone (a flushed Redis): no follower can get a consistent stream, so stop
          // generating. The finish below then only releases what the store holds for the stream.
          controller.abort()
          onError(new Error(`resumable stream ${epoch} was lost from the store; generation stopped`))
        }
        continue
      }
      pulling = undefined
      // A failing producer still gets the events it yielded before stored, then its `error` event.
      const event = 'failed' in wake ? wake : serialize(checkStep(wake.step))
      if ('failed' in event) {
        onError(event.failed)
        last = { type: 'error', message: errorMessage(event.failed) }
      } else if (event.done || isTerminal(event.value)) {
        last = event.done ? { type: 'finish', reason: 'stop' } : event.value
      } else {
        pending.push(event.data)
        pendingBytes += event.data.length
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
  // A cancel can leave a write in flight: the last event must come after it.
  await writing?.catch(() => {})
  try {
    await store.finish(epoch, { seq: seq + 1, data: JSON.stringify(last) })
  } catch (error) {
    onError(error)
  }
}
