import { createServer } from 'node:http'
import { type AgentEvent, createAsyncQueue } from '../../src/core/index.js'
import {
  type ChatRequestBody,
  createResumableStreams,
  type ResumableStore,
  type ResumableStreamsOptions,
  toNodeHandler,
} from '../../src/entries/server.js'
import { closeServer, listenOnLoopback } from '../helpers/local-server.js'
import { openSse } from '../helpers/sse-client.js'
import { waitFor } from '../helpers/wait-for.js'

/** One generation the test drives by hand. */
export interface ScriptedRun {
  body: ChatRequestBody
  signal: AbortSignal
  push(...events: AgentEvent[]): void
  /** Ends the generator without a finish (the server adds one). */
  end(): void
  fail(error: Error): void
  /** The generator ran its `finally` (it ended, failed, or was told to stop). */
  readonly returned: boolean
}

/** A producer whose events the test pushes; it stops on its signal unless told to ignore it. */
export function createScriptedAgent(options: { ignoreSignal?: boolean } = {}) {
  const runs: ScriptedRun[] = []
  return {
    runs,
    events(body: ChatRequestBody, { signal }: { signal: AbortSignal }): AsyncIterable<AgentEvent> {
      const queue = createAsyncQueue<AgentEvent>()
      let returned = false
      if (!options.ignoreSignal) signal.addEventListener('abort', () => queue.end(), { once: true })
      runs.push({
        body,
        signal,
        push: (...events) => {
          for (const event of events) queue.push(event)
        },
        end: () => queue.end(),
        fail: (error) => queue.fail(error),
        get returned() {
          return returned
        },
      })
      return (async function* () {
        try {
          yield* queue
        } finally {
          returned = true
        }
      })()
    },
    /** Lets every generation end so no test leaves one running. */
    endAll() {
      for (const run of runs) run.end()
    },
  }
}

let chatCounter = 0
/** A chat id no other test uses (tests share a Redis). */
export function newChatId(): string {
  chatCounter++
  return `chat-${process.pid}-${Date.now().toString(36)}-${chatCounter}`
}

/** The resumable handler behind a real node:http server on 127.0.0.1. */
export async function startApp(
  store: ResumableStore,
  options: Partial<ResumableStreamsOptions> = {},
  agentOptions: { ignoreSignal?: boolean } = {},
) {
  const agent = createScriptedAgent(agentOptions)
  const errors: unknown[] = []
  const streams = createResumableStreams({
    store,
    events: agent.events,
    onError: (error) => errors.push(error),
    ...options,
  })
  let closedResponses = 0
  const nodeHandler = toNodeHandler(streams.handler)
  const server = createServer((req, res) => {
    res.on('close', () => closedResponses++)
    void nodeHandler(req, res)
  })
  const url = `http://127.0.0.1:${await listenOnLoopback(server)}`

  const streamUrl = (chatId: string) => `${url}/api/chat/${encodeURIComponent(chatId)}/stream`
  return {
    url,
    agent,
    streams,
    errors,
    /** Responses the server finished or saw closed. */
    get closedResponses() {
      return closedResponses
    },
    post(chatId: string, headers: Record<string, string> = {}) {
      return openSse(`${url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ id: chatId, messages: [{ id: 'u1', role: 'user', content: 'Hi' }] }),
      })
    },
    follow(chatId: string, lastEventId?: string) {
      return openSse(streamUrl(chatId), {
        headers: lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId },
      })
    },
    cancel(chatId: string) {
      return fetch(streamUrl(chatId), { method: 'DELETE' })
    },
    /** Waits for the `index`th generation to start. */
    async run(index = 0): Promise<ScriptedRun> {
      await waitFor(() => agent.runs.length > index)
      return agent.runs[index] as ScriptedRun
    },
    async close() {
      agent.endAll()
      await closeServer(server)
      await streams.close()
      await store.close()
    },
  }
}

export type TestApp = Awaited<ReturnType<typeof startApp>>

/** Polls on real time until `check` resolves true; the test's timeout is the failure. */
export async function eventually(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10))
}
