// app/api/chat/route.ts: a Next.js App Router route handler that streams the kit's JSON events
// (docs/protocol.md). Web-standard Request/Response only, so it needs no import from 'next'.

// Stream from a long-lived Node process, never from a cached or static render.
export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

interface WireMessage {
  id: string
  role: 'user' | 'assistant' | 'system'
  content: string
}

/** Stands in for your model client: yields the answer a token at a time. */
async function* generate(question: string, signal: AbortSignal): AsyncGenerator<string> {
  const answer = `You asked: ${question}\n\nThis answer is canned: call your model here.`
  for (const token of answer.match(/\s*\S+|\s+/g) ?? []) {
    if (signal.aborted) return
    await new Promise((resolve) => setTimeout(resolve, 20))
    yield token
  }
}

export async function POST(request: Request): Promise<Response> {
  const { messages = [] } = (await request.json()) as { messages?: WireMessage[] }
  const question = messages.findLast((message) => message.role === 'user')?.content ?? ''
  const encoder = new TextEncoder()

  let open = true
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      // One compact JSON object per data line. No `id:` lines: without a shared buffer (Redis) to
      // resume from, a dropped answer should end 'interrupted' rather than be generated twice.
      const emit = (event: object) => {
        if (open) controller.enqueue(encoder.encode(`data: ${JSON.stringify(event)}\n\n`))
      }
      emit({ type: 'message-start' })
      try {
        for await (const text of generate(question, request.signal)) emit({ type: 'text-delta', text })
        emit({ type: 'finish', reason: 'stop' })
      } catch (error) {
        // Reported in-band: the client keeps the text it already has.
        emit({ type: 'error', message: error instanceof Error ? error.message : 'The model failed.' })
        emit({ type: 'finish', reason: 'error' })
      }
      if (open) controller.close()
    },
    cancel() {
      open = false // the client went away
    },
  })

  return new Response(body, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  })
}
