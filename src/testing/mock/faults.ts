/** Drop the connection mid-answer: the body errors like a network cut (SSE), or the socket closes 1006. */
export interface MockDisconnect {
  /** Events sent before the cut; unset picks a point with the seeded random. */
  afterEvents?: number | undefined
  /** Streams (attempts) that get cut; the reconnect after the last one succeeds. @default 1 */
  times?: number | undefined
}

/** An HTTP error instead of a stream (for WebSocket: a rejected handshake, which browsers show as 1006). */
export interface MockHttpError {
  status: number
  /** Requests that get it; later ones succeed. @default every request */
  times?: number | undefined
  /** Sent as Retry-After (429, 503). */
  retryAfterSeconds?: number | undefined
  /** Error body. @default `{"error":"status <status>"}` */
  body?: string | undefined
}

/** An error reported by the agent inside the stream, after some events. */
export interface MockInBandError {
  message: string
  /** Events sent before the error. @default 0 */
  afterEvents?: number | undefined
  /** Streams that get it. @default every stream */
  times?: number | undefined
}

export type MockError = MockHttpError | MockInBandError

export const isHttpError = (error: MockError): error is MockHttpError => 'status' in error

/** Where this attempt's stream is cut, or undefined when it is not. */
export function disconnectPoint(
  fault: MockDisconnect | false | undefined,
  attempt: number,
  length: number,
  random: () => number,
): number | undefined {
  if (!fault || attempt >= (fault.times ?? 1)) return undefined
  if (fault.afterEvents !== undefined) return fault.afterEvents
  // Somewhere in the middle half, so both the partial text and the resume are visible.
  return Math.floor(length * (0.25 + random() * 0.5))
}

/** Where this attempt's in-band error goes, or undefined. */
export function inBandErrorPoint(fault: MockError | false | undefined, attempt: number): number | undefined {
  if (!fault || isHttpError(fault) || attempt >= (fault.times ?? Number.POSITIVE_INFINITY)) return undefined
  return fault.afterEvents ?? 0
}
