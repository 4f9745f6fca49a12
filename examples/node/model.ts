// The "model": deterministic canned answers, streamed a token at a time. Replace `generate` with
// your model client (an OpenAI or Anthropic stream, a LangChain runnable...); the server stays as is.

const answers: Record<string, string> = {
  sse: [
    '## Server-sent events',
    '',
    'One HTTP response stays open and the server writes a `data:` line per chunk.',
    '',
    '- ids make a dropped stream resumable',
    '- a comment line every 15 s keeps proxies from cutting it',
    '',
    '```python',
    'yield f"data: {chunk}\\n\\n"',
    '```',
    '',
    'That is the whole trick.',
  ].join('\n'),
  websocket: [
    '## WebSockets',
    '',
    'One socket carries both directions: the question goes up,',
    'the answer comes down as `{"type": "chunk"}` messages.',
    '',
    'A `{"type": "done"}` message ends the answer.',
  ].join('\n'),
}

const fallback = (question: string) =>
  [
    `You asked: ${question.trim()}`,
    '',
    'This answer is canned: the example has no model.',
    'Replace `generate()` with your model client.',
  ].join('\n')

/** What a real model client throws mid-answer (rate limit, overload...). */
export class ModelError extends Error {}

export function answerFor(question: string): string {
  const lowered = question.toLowerCase()
  const keyword = Object.keys(answers).find((candidate) => lowered.includes(candidate))
  return keyword === undefined ? fallback(question) : (answers[keyword] ?? fallback(question))
}

/** Word-sized chunks with their leading whitespace (newlines included), as a model streams. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+|\s+/g) ?? []
}

const tokenDelayMs = Number(process.env.TOKEN_DELAY_MS ?? 20)

/**
 * Stands in for your model client: yields the answer a token at a time and stops when `signal`
 * aborts. A question containing "fail" fails after a few tokens, to show how errors reach the UI.
 */
export async function* generate(question: string, signal?: AbortSignal): AsyncGenerator<string> {
  const tokens = tokenize(answerFor(question))
  for (const [index, token] of tokens.entries()) {
    if (signal?.aborted) return
    if (index === 3 && question.toLowerCase().includes('fail'))
      throw new ModelError('The model failed mid-answer (you asked it to).')
    await new Promise((resolve) => setTimeout(resolve, tokenDelayMs))
    yield token
  }
}
