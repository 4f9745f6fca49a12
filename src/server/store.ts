/** One event as the store keeps it: its sequence number in the stream and its JSON text. */
export interface StoredEvent {
  seq: number
  data: string
}

/**
 * What a store knows about a stream (one generation, named by its epoch):
 * - 'running': events may still come;
 * - 'finished': the last event is stored (a `finish` or an `error`);
 * - 'expired': it finished and its events were dropped after `ttlMs` (a late resume has nothing to miss);
 * - 'unknown': never seen, or lost (a flushed Redis, another process's memory).
 */
export type StreamState = 'running' | 'finished' | 'expired' | 'unknown'

/** One read of a stream's events after a sequence number. */
export interface ReadResult {
  state: StreamState
  /** The chat the stream belongs to, when the store still knows it. */
  chatId: string | undefined
  /** Events after the requested seq, in order; empty when none came within the wait. */
  events: StoredEvent[]
  /** The stream's last seq so far (its final one once 'finished'); 0 before the first event. */
  lastSeq: number
}

export interface ReadOptions {
  /** How long to wait for a new event when there is none yet; 0 answers at once. */
  waitMs: number
  /** Ends the wait early (the follower went away). */
  signal?: AbortSignal | undefined
}

/** A follower's view of one stream. A Redis reader holds a connection: close it when the follower leaves. */
export interface StreamReader {
  read(afterSeq: number, options: ReadOptions): Promise<ReadResult>
  close(): Promise<void>
}

/** How an append went: the producer stops on 'cancelled' (someone asked) and on 'lost' (the buffer is gone). */
export type AppendOutcome = 'ok' | 'cancelled' | 'lost'

/**
 * Where resumable streams keep their events, so that any follower (a reload, a second tab, another
 * server instance) can replay and follow them. One producer writes a stream; any number read it.
 */
export interface ResumableStore {
  /** Registers a new running stream and makes it the chat's active one. */
  open(chatId: string, epoch: string, options: { ttlMs: number }): Promise<void>
  /** The chat's latest stream, running or finished, until it expires. */
  activeStream(chatId: string): Promise<{ epoch: string; state: 'running' | 'finished' } | undefined>
  /**
   * Stores events, in order, in one write (the producer batches what arrives while a write is in
   * flight). `events` is never empty and its seqs follow the stream's last one, +1 each.
   */
  append(epoch: string, events: readonly StoredEvent[]): Promise<AppendOutcome>
  /** Stores the last event, marks the stream finished and starts its expiry. */
  finish(epoch: string, event: StoredEvent): Promise<void>
  /** Asks the stream's producer to stop, wherever it runs. Nothing happens when it already finished. */
  cancel(epoch: string): Promise<void>
  /** Producer side: `listener` runs once when the stream is cancelled. Returns the unsubscribe. */
  onCancel(epoch: string, listener: () => void): () => void
  reader(epoch: string): StreamReader
  /** Releases what the store opened itself (timers, connections it created). */
  close(): Promise<void>
}
