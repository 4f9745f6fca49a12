import { StreamError } from './errors.js'

/** Where an event sits in a resumable stream: `id: <epoch>-<seq>` (docs/resumable-streams.md). */
export interface StreamPosition {
  /** Names one stream (one generation). */
  epoch: string
  /** 1 for the stream's first event, growing by exactly 1 per event. */
  seq: number
}

/** The contract's response header naming the stream a response serves. */
export const STREAM_ID_HEADER = 'x-stream-id'

const EVENT_ID = /^([A-Za-z0-9_]+)-(\d{1,15})$/

/** Reads `<epoch>-<seq>`; undefined for any other id shape (those streams get no continuity checks). */
export function parseStreamPosition(id: string | undefined): StreamPosition | undefined {
  if (id === undefined) return undefined
  const match = EVENT_ID.exec(id)
  if (match === null) return undefined
  return { epoch: match[1] as string, seq: Number(match[2]) }
}

/**
 * How an event relates to the last one applied: the next one, one already applied (a replay
 * overlapping the cursor), or proof that events were lost (a gap, or another stream's epoch).
 * Without a cursor, the stream must start at its first event.
 */
export type Continuity = 'next' | 'overlap' | 'gap' | 'epoch'

export function checkContinuity(cursor: StreamPosition | undefined, event: StreamPosition): Continuity {
  if (cursor === undefined) return event.seq <= 1 ? 'next' : 'gap'
  if (event.epoch !== cursor.epoch) return 'epoch'
  if (event.seq <= cursor.seq) return 'overlap'
  return event.seq === cursor.seq + 1 ? 'next' : 'gap'
}

/** Why events were lost; the `cause` of a `resume_failed` StreamError raised for a discontinuity. */
export class LostEvents extends Error {
  override readonly name = 'LostEvents'
  constructor(
    readonly kind: 'gap' | 'epoch',
    /** The cursor when the loss was seen; undefined when the response was read from its start. */
    readonly cursor: string | undefined,
    /** The event id (or `X-Stream-Id` epoch) that showed the loss. */
    readonly received: string,
  ) {
    super(
      kind === 'gap'
        ? `expected the event after ${cursor ?? 'the start'}, got ${received}`
        : `the cursor ${cursor ?? ''} names another stream than ${received}`,
    )
  }
}

export function lostEventsError(lost: LostEvents): StreamError {
  return new StreamError('resume_failed', `events were lost: ${lost.message}`, { cause: lost })
}

/** The loss behind a `resume_failed` error, when it was a gap or a new epoch (not a 410). */
export function lostEventsOf(error: StreamError | undefined): LostEvents | undefined {
  return error?.code === 'resume_failed' && error.cause instanceof LostEvents ? error.cause : undefined
}
