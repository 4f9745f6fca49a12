import {
  checkContinuity,
  type Frame,
  LostEvents,
  lostEventsError,
  parseStreamPosition,
  STREAM_ID_HEADER,
} from '../core/index.js'

/**
 * Checks one response's event ids across its attempts (docs/resumable-streams.md). Events already
 * applied (`seq <= last`, same epoch) are dropped on any server. A response that names its stream
 * with `X-Stream-Id` (the contract) must also continue exactly: a gap, or another epoch than the
 * cursor's, throws `resume_failed` with a `LostEvents` cause. Other id shapes pass unchecked.
 */
export function createStreamContinuity(lastEventId: string | undefined) {
  // The last event the consumer applied, and the last one this attempt let through.
  let committed = parseStreamPosition(lastEventId)
  let seen = committed
  let committedId = lastEventId
  let streamId: string | undefined

  return {
    /** The resume cursor: the last id committed (undefined: none, or cleared). The transport's one copy. */
    get cursor(): string | undefined {
      return committedId
    },
    /** A new attempt opened with these headers; throws when it serves another stream than the cursor's. */
    open(headers: Readonly<Record<string, string>>): void {
      seen = committed
      streamId = headers[STREAM_ID_HEADER] || undefined
      if (streamId !== undefined && committed !== undefined && committed.epoch !== streamId) {
        throw lostEventsError(new LostEvents('epoch', committedId, streamId))
      }
    },
    /** Whether to hand the frame on (false: already applied); throws when events were lost. */
    accept(frame: Frame): boolean {
      const at = parseStreamPosition(frame.id)
      if (at === undefined) return true
      if (streamId === undefined) {
        // Not the contract: only the harmless check, never a failure.
        if (seen !== undefined && at.epoch === seen.epoch && at.seq <= seen.seq) return false
        seen = at
        return true
      }
      const continuity = at.epoch === streamId ? checkContinuity(seen, at) : 'epoch'
      if (continuity === 'overlap') return false
      if (continuity !== 'next') {
        throw lostEventsError(new LostEvents(continuity, committedId, frame.id as string))
      }
      seen = at
      return true
    },
    /** Whether a cursor the reader committed moves ours (an overlapping event's id does not). */
    commit(id: string | undefined): boolean {
      const at = parseStreamPosition(id)
      if (
        at !== undefined &&
        committed !== undefined &&
        at.epoch === committed.epoch &&
        at.seq <= committed.seq
      )
        return false
      committed = at
      committedId = id
      return true
    },
    /** The stream starts over from its first event (a reconnect without a cursor). */
    restart(): void {
      committed = undefined
      committedId = undefined
      seen = undefined
    },
  }
}

export type StreamContinuity = ReturnType<typeof createStreamContinuity>
