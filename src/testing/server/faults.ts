/** Faults the mock server injects, read from the request's query string (`?dropAtByte=300&dropTimes=2`). */
export interface SseFaults {
  /** Answer with this HTTP status instead of a stream. */
  status?: number
  /** How many requests (per `key`) get `status` / `noHeaders`; later ones succeed. @default every request */
  statusTimes?: number
  /** Retry-After header value sent with `status`. */
  retryAfter?: string
  /** Body sent with `status` or `contentType`. */
  body?: string
  /** Content type of the stream (e.g. `application/json` to test the check). */
  contentType?: string
  /** Destroy the socket after this many body bytes; a list applies one value per attempt (`120,450`). */
  dropAtBytes?: number[]
  /** Destroy the socket after this many events, on the first `dropTimes` attempts. */
  dropAfterEvents?: number
  /** End the response cleanly (no final event) after this many events, on the first `dropTimes` attempts. */
  endAfterEvents?: number
  /** Stop writing but keep the socket open after this many events, on the first `dropTimes` attempts. */
  stallAfterEvents?: number
  /** Attempts (per `key`) that get the drop/end/stall fault. @default 1 */
  dropTimes?: number
  /** Accept the request and never send headers. */
  noHeaders?: boolean
  /** ms between events; 0 writes in a burst. */
  delayMs?: number
  /** Split every write into pieces of this many bytes (slow drip with `delayMs`). */
  chunkBytes?: number
  /** Send event ids (`<stream>-<seq>`) so the stream can be resumed. @default true on /api/chat */
  ids?: boolean
  /** Send `: ping` comments this often, ms. */
  heartbeatMs?: number
  /** Send a `retry:` field first. */
  retry?: string
  /** Groups attempts for `statusTimes` / `dropTimes`. @default the path plus scenario */
  key?: string
  /** Text deltas of the generated `long` scenario. @default 1000 */
  tokens?: number
}

const number = (value: string | null) => (value === null || value === '' ? undefined : Number(value))

export function readSseFaults(query: URLSearchParams): SseFaults {
  const faults: SseFaults = {}
  const set = <K extends keyof SseFaults>(key: K, value: SseFaults[K] | undefined) => {
    if (value !== undefined) faults[key] = value as SseFaults[K]
  }
  set('status', number(query.get('status')))
  set('statusTimes', number(query.get('statusTimes')))
  set('retryAfter', query.get('retryAfter') ?? undefined)
  set('body', query.get('body') ?? undefined)
  set('contentType', query.get('contentType') ?? undefined)
  const drops = query.get('dropAtByte') ?? query.get('dropAtBytes')
  set('dropAtBytes', drops ? drops.split(',').map(Number) : undefined)
  set('dropAfterEvents', number(query.get('dropAfterEvents')))
  set('endAfterEvents', number(query.get('endAfterEvents')))
  set('stallAfterEvents', number(query.get('stallAfterEvents')))
  set('dropTimes', number(query.get('dropTimes')))
  set('noHeaders', query.has('noHeaders') ? query.get('noHeaders') !== '0' : undefined)
  set('delayMs', number(query.get('delayMs')))
  set('chunkBytes', number(query.get('chunkBytes')))
  set('ids', query.has('ids') ? query.get('ids') !== '0' : undefined)
  set('heartbeatMs', number(query.get('heartbeatMs')))
  set('retry', query.get('retry') ?? undefined)
  set('key', query.get('key') ?? undefined)
  set('tokens', number(query.get('tokens')))
  return faults
}

/** WebSocket faults, from the upgrade URL's query string. */
export interface WebSocketFaults {
  /** Groups connections for the `*Times` counters and for resume. @default 'default' */
  client: string
  /** Answer the first N upgrades with HTTP 401 (the browser sees close 1006). */
  rejectTimes?: number
  /** Never answer the first N upgrades. */
  noUpgradeTimes?: number
  /** Close with `closeCode` after this many chunks, on the first `closeTimes` connections. */
  closeAfterChunks?: number
  /** @default 1011 */
  closeCode?: number
  closeReason?: string
  /** Kill the TCP connection (1006) after this many chunks, on the first `closeTimes` connections. */
  dropAfterChunks?: number
  /** Stop sending (half-open) after this many chunks, on the first `closeTimes` connections. */
  stallAfterChunks?: number
  /** Close with `closeCode` this many ms after the upgrade, on the first `closeTimes` connections (a flapping server). */
  closeAfterOpenMs?: number
  /** @default 1 */
  closeTimes?: number
  /** ms between chunks. */
  delayMs?: number
  /** Send sequence numbers so the client can resume. @default true */
  seq?: boolean
  /**
   * The messages' shape: `websocket-chunk` (`{type:"chunk"}` / `{type:"done"}`) or `agent-events`
   * (one AgentEvent per message, tool calls and approvals included). @default 'websocket-chunk'
   */
  format?: SocketFormat
  /** The scenario of a message that names none. @default 'markdown' */
  scenario?: string
}

/** What the WebSocket endpoint sends: text-only chunks, or the kit's agent events. */
export type SocketFormat = 'websocket-chunk' | 'agent-events'

export function readWebSocketFaults(query: URLSearchParams): WebSocketFaults {
  const faults: WebSocketFaults = { client: query.get('client') ?? 'default' }
  const assign = (
    key: Exclude<keyof WebSocketFaults, 'client' | 'closeReason' | 'seq' | 'format' | 'scenario'>,
  ) => {
    const value = number(query.get(key))
    if (value !== undefined) faults[key] = value
  }
  for (const key of [
    'rejectTimes',
    'noUpgradeTimes',
    'closeAfterChunks',
    'closeCode',
    'dropAfterChunks',
    'stallAfterChunks',
    'closeTimes',
    'closeAfterOpenMs',
    'delayMs',
  ] as const)
    assign(key)
  const reason = query.get('closeReason')
  if (reason !== null) faults.closeReason = reason
  if (query.has('seq')) faults.seq = query.get('seq') !== '0'
  const format = query.get('format')
  if (format === 'websocket-chunk' || format === 'agent-events') faults.format = format
  const scenario = query.get('scenario')
  if (scenario !== null) faults.scenario = scenario
  return faults
}
