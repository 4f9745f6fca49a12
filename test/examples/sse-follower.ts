import { createParser } from 'eventsource-parser'

export interface StreamEvent {
  /** The whole `id:` line, `<epoch>-<seq>`. */
  id: string
  epoch: string
  seq: number
  event: { type: string; text?: string; reason?: string; message?: string }
}

export interface Follower {
  status: number
  /** The X-Stream-Id header. */
  streamId: string | null
  events: StreamEvent[]
  /** Comment lines (heartbeats) in arrival order. */
  comments: string[]
  /** Resolves once `count` events arrived; rejects when the body ends before. */
  waitForEvents(count: number): Promise<void>
  /** Resolves when the body has ended: `dropped` when it failed rather than ended cleanly. */
  ended: Promise<{ dropped: boolean }>
  /** Closes the connection, as a browser tab that goes away. */
  abort(): void
}

function parseId(id: string | undefined): Pick<StreamEvent, 'id' | 'epoch' | 'seq'> {
  const match = /^([A-Za-z0-9_]+)-([0-9]+)$/.exec(id ?? '')
  if (match === null) throw new Error(`event id ${JSON.stringify(id)} is not <epoch>-<seq>`)
  return { id: id as string, epoch: match[1] as string, seq: Number(match[2]) }
}

/** Sends the request and reads its SSE body in the background, over real HTTP. */
export async function follow(url: string, init: RequestInit = {}): Promise<Follower> {
  const controller = new AbortController()
  const response = await fetch(url, { ...init, signal: controller.signal })
  const events: StreamEvent[] = []
  const comments: string[] = []
  const waiters = new Set<() => void>()
  let finished = false
  let failure: Error | undefined
  const parser = createParser({
    onEvent: (message) => {
      try {
        events.push({ ...parseId(message.id), event: JSON.parse(message.data) })
      } catch (error) {
        failure ??= error instanceof Error ? error : new Error(String(error))
      }
      for (const waiter of [...waiters]) waiter()
    },
    onComment: (comment) => comments.push(comment),
  })
  const ended = (async () => {
    let dropped = false
    if (response.status === 200 && response.body) {
      const decoder = new TextDecoder()
      try {
        for await (const chunk of response.body) parser.feed(decoder.decode(chunk, { stream: true }))
      } catch {
        dropped = true
      }
    } else {
      await response.arrayBuffer().catch(() => undefined)
    }
    finished = true
    for (const waiter of [...waiters]) waiter()
    return { dropped }
  })()
  return {
    status: response.status,
    streamId: response.headers.get('x-stream-id'),
    events,
    comments,
    ended,
    abort: () => controller.abort(),
    waitForEvents(count) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (failure) reject(failure)
          else if (events.length >= count) resolve()
          else if (finished)
            reject(new Error(`the stream ended after ${events.length} events, before ${count}`))
          else return
          waiters.delete(check)
        }
        waiters.add(check)
        check()
      })
    },
  }
}

/** The answer text of `events`: their text deltas, joined. */
export const textOf = (events: readonly StreamEvent[]) =>
  events.map(({ event }) => (event.type === 'text-delta' ? (event.text ?? '') : '')).join('')
