// lib/streams.ts: one resumable-stream helper for the chat routes (docs/resumable-streams.md).
// Web-standard Request/Response only, so it needs no import from 'next'. With REDIS_URL set, every
// instance (and every serverless invocation) shares one Redis, so a reconnect that lands on another
// instance resumes the answer; without it, a memory store serves one long-lived Node process.
import type { AgentEvent } from 'react-agent-stream/core'
import { createRedisStore, createResumableStreams } from 'react-agent-stream/server'

interface WireMessage {
  id: string
  role: 'user' | 'assistant' | 'system'
  content: string
}

/** Stands in for your model client: yields the answer a token at a time, stops when `signal` aborts. */
async function* generate(question: string, signal: AbortSignal): AsyncGenerator<string> {
  const answer = `You asked: ${question}\n\nThis answer is canned: call your model here.`
  for (const token of answer.match(/\s*\S+|\s+/g) ?? []) {
    if (signal.aborted) return
    await new Promise((resolve) => setTimeout(resolve, Number(process.env.TOKEN_DELAY_MS ?? 20)))
    yield token
  }
}

export const streams = createResumableStreams({
  store: process.env.REDIS_URL ? createRedisStore({ url: process.env.REDIS_URL }) : undefined,
  basePath: '/api/chat',
  // Generation goes on after the response is sent (a drop, a reload): on Vercel pass
  // `waitUntil` from '@vercel/functions' (or Next.js `after`) so the function stays alive.
  async *events(body, { signal }): AsyncGenerator<AgentEvent> {
    const messages = body.messages as WireMessage[]
    const question = messages.findLast((message) => message.role === 'user')?.content ?? ''
    yield { type: 'message-start' }
    for await (const text of generate(question, signal)) yield { type: 'text-delta', text }
    // The helper ends the stream with `finish` (a `cancelled` one after stop()); a throw here
    // reaches the client as an in-band `error` event, with the text it has kept.
  },
})
