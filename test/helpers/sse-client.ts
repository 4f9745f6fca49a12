/** One SSE block as the server wrote it: an event (`id`, `data`) or a comment (`: ping`). */
export interface SseBlock {
  id?: string
  data?: string
  comment?: string
}

/** A streamed response read block by block, for tests that watch events arrive. */
export interface SseReader {
  response: Response
  /** The next block; undefined when the body ended. */
  next(): Promise<SseBlock | undefined>
  /** The next event (skipping comments); undefined when the body ended. */
  nextEvent(): Promise<{ id: string; event: Record<string, unknown> } | undefined>
  /** Every remaining event until the body ends. */
  rest(): Promise<{ id: string; event: Record<string, unknown> }[]>
  /** The whole body as JSON (an error answer). */
  json(): Promise<unknown>
  /** Blocks seen so far, comments included. */
  readonly blocks: readonly SseBlock[]
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

/** Sends a request with fetch over real HTTP and reads its SSE body. */
export async function openSse(url: string, init: RequestInit = {}): Promise<SseReader> {
  const controller = new AbortController()
  const response = await fetch(url, { ...init, signal: controller.signal })
  const reader = response.body?.getReader()
  const decoder = new TextDecoder()
  const blocks: SseBlock[] = []
  let buffer = ''
  let done = false

  async function next(): Promise<SseBlock | undefined> {
    while (true) {
      const end = buffer.indexOf('\n\n')
      if (end >= 0) {
        const block = parseBlock(buffer.slice(0, end))
        buffer = buffer.slice(end + 2)
        blocks.push(block)
        return block
      }
      if (done || reader === undefined) return undefined
      try {
        const chunk = await reader.read()
        if (chunk.done) done = true
        else buffer += decoder.decode(chunk.value, { stream: true })
      } catch {
        done = true
      }
    }
  }

  async function nextEvent() {
    for (let block = await next(); block !== undefined; block = await next()) {
      if (block.data !== undefined) return { id: block.id ?? '', event: JSON.parse(block.data) }
    }
    return undefined
  }

  return {
    response,
    next,
    nextEvent,
    async rest() {
      const events = []
      for (let event = await nextEvent(); event !== undefined; event = await nextEvent()) events.push(event)
      return events
    },
    async json() {
      while (!done && reader !== undefined) {
        const chunk = await reader.read()
        if (chunk.done) done = true
        else buffer += decoder.decode(chunk.value, { stream: true })
      }
      return JSON.parse(buffer)
    },
    blocks,
    disconnect: () => controller.abort(),
  }
}
