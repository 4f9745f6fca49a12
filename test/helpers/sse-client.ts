/** One SSE block as the server wrote it: an event (`id`, `data`) or a comment (`: ping`). */
export interface SseBlock {
  id?: string
  data?: string
  comment?: string
}

/** An event block: its id (empty when it has none) and its JSON data. */
export interface SseEvent {
  id: string
  event: Record<string, unknown>
}

/** A streamed response read block by block, for tests that watch events arrive. */
export interface SseReader {
  response: Response
  /** The next block; undefined when the body ended. */
  next(): Promise<SseBlock | undefined>
  /** The next event (skipping comments); undefined when the body ended. */
  nextEvent(): Promise<SseEvent | undefined>
  /** Every remaining event until the body ends, or only the next `limit` of them. */
  rest(limit?: number): Promise<SseEvent[]>
  /** The rest of the body as text (an error answer). */
  text(): Promise<string>
  /** The rest of the body as JSON (an error answer). */
  json(): Promise<unknown>
  /** Blocks seen so far, comments included. */
  readonly blocks: readonly SseBlock[]
  /** True once the body failed (a drop, or disconnect()) rather than ended cleanly. */
  readonly dropped: boolean
  /** Closes the connection as a browser tab does. */
  disconnect(): void
}

function parseBlock(text: string): SseBlock {
  const block: SseBlock = {}
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) block.comment = line.slice(1).trim()
    else if (line.startsWith('id: ')) block.id = line.slice(4)
    else if (line.startsWith('data: '))
      block.data = block.data === undefined ? line.slice(6) : `${block.data}\n${line.slice(6)}`
  }
  return block
}

/**
 * Reads the SSE body of `response` (a fetch answer, or a Web Response a route handler returned),
 * pulling only as far as the test asks. `disconnect()` aborts `controller` when given, else cancels
 * the body.
 */
export function readSse(response: Response, controller?: AbortController): SseReader {
  const reader = response.body?.getReader()
  const decoder = new TextDecoder()
  const blocks: SseBlock[] = []
  let buffer = ''
  let done = false
  let dropped = false

  /** Reads one more chunk into the buffer; false once the body is over. */
  async function pull(): Promise<boolean> {
    if (done || reader === undefined) return false
    try {
      const chunk = await reader.read()
      if (chunk.done) done = true
      else buffer += decoder.decode(chunk.value, { stream: true })
    } catch {
      done = true
      dropped = true
    }
    return true
  }

  async function next(): Promise<SseBlock | undefined> {
    while (true) {
      const end = buffer.indexOf('\n\n')
      if (end >= 0) {
        const block = parseBlock(buffer.slice(0, end))
        buffer = buffer.slice(end + 2)
        blocks.push(block)
        return block
      }
      if (!(await pull())) return undefined
    }
  }

  async function nextEvent(): Promise<SseEvent | undefined> {
    for (let block = await next(); block !== undefined; block = await next()) {
      if (block.data !== undefined) return { id: block.id ?? '', event: JSON.parse(block.data) }
    }
    return undefined
  }

  async function text(): Promise<string> {
    while (await pull()) {}
    return buffer
  }

  return {
    response,
    next,
    nextEvent,
    async rest(limit = Number.POSITIVE_INFINITY) {
      const events: SseEvent[] = []
      while (events.length < limit) {
        const event = await nextEvent()
        if (event === undefined) break
        events.push(event)
      }
      return events
    },
    text,
    json: async () => JSON.parse(await text()),
    blocks,
    get dropped() {
      return dropped
    },
    disconnect() {
      if (controller) controller.abort()
      else void reader?.cancel().catch(() => undefined)
    },
  }
}

/** Sends a request with fetch over real HTTP and reads its SSE body. */
export async function openSse(url: string, init: RequestInit = {}): Promise<SseReader> {
  const controller = new AbortController()
  const response = await fetch(url, { ...init, signal: controller.signal })
  return readSse(response, controller)
}

/** The answer text of agent `events`: their text deltas, joined. */
export const textOf = (events: readonly { event: { type?: unknown; text?: unknown } }[]) =>
  events
    .map(({ event }) => (event.type === 'text-delta' && typeof event.text === 'string' ? event.text : ''))
    .join('')
