// Real producers for the AI SDK UI message stream: the `ai` package's own server-side helpers
// driven by its mock model (no network). Used by the tests and to record the fixtures.
import {
  convertToModelMessages,
  createUIMessageStream,
  createUIMessageStreamResponse,
  stepCountIs,
  streamText,
  tool,
  validateUIMessages,
} from 'ai'
import { MockLanguageModelV3, simulateReadableStream } from 'ai/test'
import { z } from 'zod'

const usage = {
  inputTokens: { total: 120, noCache: 120, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 48, text: 40, reasoning: 8 },
}

const finishToolCalls = {
  type: 'finish' as const,
  finishReason: { unified: 'tool-calls' as const, raw: 'tool_calls' },
  usage,
}
const finishStop = { type: 'finish' as const, finishReason: { unified: 'stop' as const, raw: 'stop' }, usage }

/** A two-step agent answer: reasoning, a tool call with streamed input and executed output, then text. */
export function streamTextWithTools(): Response {
  let step = 0
  const model = new MockLanguageModelV3({
    doStream: async () => {
      step++
      const stream =
        step === 1
          ? simulateReadableStream({
              chunkDelayInMs: null,
              chunks: [
                { type: 'stream-start' as const, warnings: [] },
                { type: 'response-metadata' as const, id: 'resp-1', modelId: 'mock', timestamp: new Date(0) },
                { type: 'reasoning-start' as const, id: 'r1' },
                { type: 'reasoning-delta' as const, id: 'r1', delta: 'Need the weather ' },
                { type: 'reasoning-delta' as const, id: 'r1', delta: 'for Oslo.' },
                { type: 'reasoning-end' as const, id: 'r1' },
                { type: 'tool-input-start' as const, id: 'call-1', toolName: 'getWeather' },
                { type: 'tool-input-delta' as const, id: 'call-1', delta: '{"city":' },
                { type: 'tool-input-delta' as const, id: 'call-1', delta: '"Oslo","days":2}' },
                { type: 'tool-input-end' as const, id: 'call-1' },
                {
                  type: 'tool-call' as const,
                  toolCallId: 'call-1',
                  toolName: 'getWeather',
                  input: '{"city":"Oslo","days":2}',
                },
                finishToolCalls,
              ],
            })
          : simulateReadableStream({
              chunkDelayInMs: null,
              chunks: [
                { type: 'stream-start' as const, warnings: [] },
                { type: 'text-start' as const, id: 't1' },
                ...['Oslo: ', '**4 °C**', ' and snow.'].map((delta) => ({
                  type: 'text-delta' as const,
                  id: 't1',
                  delta,
                })),
                { type: 'text-end' as const, id: 't1' },
                finishStop,
              ],
            })
      return { stream }
    },
  })
  const result = streamText({
    model,
    prompt: 'Weather in Oslo?',
    stopWhen: stepCountIs(2),
    tools: {
      getWeather: tool({
        inputSchema: z.object({ city: z.string(), days: z.number() }),
        execute: async ({ city, days }) => ({ city, days, tempC: 4, sky: 'snow' }),
      }),
    },
  })
  return result.toUIMessageStreamResponse({ sendReasoning: true })
}

/** A custom stream: data parts (one transient, one replaced by id), text, a failing tool, then an error. */
export function customStreamWithError(): Response {
  const stream = createUIMessageStream({
    onError: (error) => (error instanceof Error ? error.message : String(error)),
    execute: ({ writer }) => {
      writer.write({ type: 'start', messageId: 'msg-custom-1' })
      writer.write({ type: 'data-status', id: 'status', data: { phase: 'searching' } })
      writer.write({ type: 'data-notification', data: { text: 'Working…' }, transient: true })
      writer.write({ type: 'text-start', id: 'a' })
      writer.write({ type: 'text-delta', id: 'a', delta: 'Searching the archive' })
      writer.write({ type: 'text-end', id: 'a' })
      writer.write({ type: 'tool-input-start', toolCallId: 'call-9', toolName: 'searchArchive' })
      writer.write({ type: 'tool-input-delta', toolCallId: 'call-9', inputTextDelta: '{"q":"1999"}' })
      writer.write({
        type: 'tool-input-available',
        toolCallId: 'call-9',
        toolName: 'searchArchive',
        input: { q: '1999' },
      })
      writer.write({ type: 'tool-output-error', toolCallId: 'call-9', errorText: 'archive offline' })
      writer.write({ type: 'data-status', id: 'status', data: { phase: 'failed' } })
      throw new Error('database connection lost')
    },
  })
  return createUIMessageStreamResponse({ stream })
}

/**
 * An AI SDK route with a tool that needs approval, as an app would write it: it validates the UI
 * messages it is sent, converts them, and streams `streamText` back. Its mock model asks for
 * `delete_file` first; once the prompt ends with the tool's outcome it answers in text (saying
 * whether the tool ran). The SDK itself runs or skips the tool from the approval in the messages.
 */
export async function approvalRoute(body: { messages?: unknown }): Promise<Response> {
  const messages = await validateUIMessages({ messages: body.messages })
  const model = new MockLanguageModelV3({
    doStream: async ({ prompt }) => {
      const last = prompt.at(-1)
      const outcome = last?.role === 'tool' ? JSON.stringify(last.content) : undefined
      const stream =
        outcome === undefined
          ? simulateReadableStream({
              chunkDelayInMs: null,
              chunks: [
                { type: 'stream-start' as const, warnings: [] },
                { type: 'tool-input-start' as const, id: 'call-del', toolName: 'delete_file' },
                { type: 'tool-input-delta' as const, id: 'call-del', delta: '{"path":"/tmp/report.txt"}' },
                { type: 'tool-input-end' as const, id: 'call-del' },
                {
                  type: 'tool-call' as const,
                  toolCallId: 'call-del',
                  toolName: 'delete_file',
                  input: '{"path":"/tmp/report.txt"}',
                },
                finishToolCalls,
              ],
            })
          : simulateReadableStream({
              chunkDelayInMs: null,
              chunks: [
                { type: 'stream-start' as const, warnings: [] },
                { type: 'text-start' as const, id: 't2' },
                {
                  type: 'text-delta' as const,
                  id: 't2',
                  delta: outcome.includes('"deleted":true')
                    ? 'Deleted the report.'
                    : 'I left the report alone.',
                },
                { type: 'text-end' as const, id: 't2' },
                finishStop,
              ],
            })
      return { stream }
    },
  })
  const result = streamText({
    model,
    messages: await convertToModelMessages(messages),
    stopWhen: stepCountIs(3),
    tools: {
      delete_file: tool({
        inputSchema: z.object({ path: z.string() }),
        needsApproval: true,
        execute: async ({ path }) => ({ deleted: true, path }),
      }),
    },
  })
  return result.toUIMessageStreamResponse({ originalMessages: messages })
}
