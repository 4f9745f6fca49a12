import { answerFor, tokenize } from '../../examples/node/model.js'
import { follow, type StreamEvent } from '../helpers/sse-follower.js'

/** A question the example answers with its canned fallback: about 20 text deltas. */
export const question = 'How do resumable streams work?'
export const answer = answerFor(question)
/** message-start, one text-delta per token, finish. */
export const fullEventCount = tokenize(answer).length + 2

let chats = 0
/** A chat id no other test uses. */
export const newChatId = () => `chat_${process.pid}_${++chats}`

interface Server {
  url: string
}

/** POST /api/chat {id, messages, delayMs}: starts an answer and follows it. */
export function postChat(
  server: Server,
  chatId: string,
  options: { delayMs?: number; lastEventId?: string } = {},
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId
  return follow(`${server.url}/api/chat`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      id: chatId,
      messages: [{ id: 'm1', role: 'user', content: question }],
      delayMs: options.delayMs ?? 0,
    }),
  })
}

/** GET /api/chat/{chatId}/stream, with Last-Event-ID when given. */
export function getStream(server: Server, chatId: string, lastEventId?: string) {
  return follow(`${server.url}/api/chat/${chatId}/stream`, {
    headers: lastEventId === undefined ? {} : { 'last-event-id': lastEventId },
  })
}

/** DELETE /api/chat/{chatId}/stream: the hook's stop(). */
export async function stopStream(server: Server, chatId: string) {
  const response = await fetch(`${server.url}/api/chat/${chatId}/stream`, { method: 'DELETE' })
  return response.status
}

/** Throws unless `events` are one stream's, numbered `from`, `from + 1`, ... without a gap. */
export function expectConsecutive(events: readonly StreamEvent[], epoch: string, from: number) {
  const ids = events.map((event) => event.id)
  const expected = events.map((_, index) => `${epoch}-${from + index}`)
  if (JSON.stringify(ids) !== JSON.stringify(expected))
    throw new Error(`expected ids ${expected.join(', ')}, got ${ids.join(', ')}`)
}

/** The last event's finish reason, or undefined when the stream did not end with a finish. */
export const finishReason = (events: readonly StreamEvent[]) => {
  const last = events.at(-1)?.event
  return last?.type === 'finish' ? last.reason : undefined
}

/** Polls an async condition until it holds; the test's own timeout is the failure. Never asserts time. */
export async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20))
}
