import type { Frame } from '../core/index.js'
import type { OpenedEventStream } from './open-event-stream.js'

/** What a reader reports, in wire order. */
export interface SseReadHandlers {
  /** An event with data was dispatched. `frame.id` is the event's own `id:` field, when it had one. */
  onFrame(frame: Frame): void
  /** The last-event-id was committed (at dispatch, spec): a new id, or undefined when cleared. */
  onCursor(id: string | undefined): void
  /** A valid `retry:` field, in ms. */
  onRetry(ms: number): void
}

/** Parses one guarded event-stream body. Resolves at a clean end of body, rejects on failure or abort. */
export type SseReader = (
  stream: OpenedEventStream,
  handlers: SseReadHandlers,
  signal: AbortSignal,
) => Promise<void>
