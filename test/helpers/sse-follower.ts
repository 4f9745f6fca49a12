import { openSse } from './sse-client.js'

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

/**
 * Sends the request and reads its SSE body (openSse) in the background, over real HTTP, checking
 * that every event id is `<epoch>-<seq>` (docs/resumable-streams.md).
 */
export async function follow(url: string, init: RequestInit = {}): Promise<Follower> {
  const sse = await openSse(url, init)
  const events: StreamEvent[] = []
  const comments: string[] = []
  const waiters = new Set<() => void>()
  const notify = () => {
    for (const waiter of [...waiters]) waiter()
  }
  let finished = false
  let failure: Error | undefined
  const ended = (async () => {
    if (sse.response.status === 200) {
      for (let block = await sse.next(); block !== undefined; block = await sse.next()) {
        if (block.comment !== undefined) comments.push(block.comment)
        if (block.data === undefined) continue
        try {
          events.push({ ...parseId(block.id), event: JSON.parse(block.data) })
        } catch (error) {
          failure ??= error instanceof Error ? error : new Error(String(error))
        }
        notify()
      }
    } else {
      await sse.text()
    }
    finished = true
    notify()
    return { dropped: sse.dropped }
  })()
  return {
    status: sse.response.status,
    streamId: sse.response.headers.get('x-stream-id'),
    events,
    comments,
    ended,
    abort: () => sse.disconnect(),
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
