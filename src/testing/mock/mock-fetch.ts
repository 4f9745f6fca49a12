import { sleep } from '../../core/index.js'
import { getScenario, scenarioEventsFor } from '../scenarios.js'
import { encodeErrorEvent, encodeSse, MOCK_SSE_FORMATS, type MockSseFormat } from '../wire-format.js'
import { DEFAULT_MOCK_AGENT_OPTIONS, type MockAgentContext } from './context.js'
import { disconnectPoint, inBandErrorPoint, isHttpError } from './faults.js'
import { delayBefore } from './pacing.js'
import { buildScript, DEFAULT_SCRIPT_OPTIONS } from './script.js'

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError')
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return undefined
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

function json(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : body, {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })
}

/**
 * A `fetch` that answers every request with the scripted stream: any URL, POST or GET. `?scenario=`
 * and `?format=` pick per request; a `Last-Event-ID` header continues a stored stream (410 when
 * unknown, 204 when it already finished); a path ending in `/cancel` answers 204 and is recorded.
 */
export function createMockFetch(agent: MockAgentContext): typeof globalThis.fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      'http://mock-agent.local',
    )
    const headers = new Headers(init?.headers ?? request?.headers)
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase()
    const signal = init?.signal ?? request?.signal ?? undefined
    agent.requests.push({
      method,
      url: url.href,
      headers: Object.fromEntries(headers),
      body: typeof init?.body === 'string' ? init.body : undefined,
    })
    if (signal?.aborted) throw abortError(signal)
    if (url.pathname.endsWith('/cancel')) {
      agent.cancelled.push(
        url.searchParams.get('stream') ?? (typeof init?.body === 'string' ? init.body : ''),
      )
      return json(204, '')
    }

    const options = agent.options
    const error = options.error
    if (error && isHttpError(error) && agent.counters.http++ < (error.times ?? Number.POSITIVE_INFINITY)) {
      return json(error.status, error.body ?? JSON.stringify({ error: `status ${error.status}` }), {
        ...(error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) }),
      })
    }

    const queryFormat = url.searchParams.get('format') as MockSseFormat | null
    const format =
      queryFormat && MOCK_SSE_FORMATS.includes(queryFormat)
        ? queryFormat
        : (options.format ?? DEFAULT_MOCK_AGENT_OPTIONS.format)
    const lastEventId = headers.get('last-event-id')
    let streamId: string
    let from = 0
    if (lastEventId) {
      // Resume: continue the stored script after the cursor; never generate again.
      const dash = lastEventId.lastIndexOf('-')
      streamId = lastEventId.slice(0, dash)
      from = Number(lastEventId.slice(dash + 1)) + 1
      const stored = agent.streams.get(streamId)
      if (stored === undefined) return json(410, '{"error":"unknown stream"}')
      if (from >= stored.length) return json(204, '')
    } else {
      streamId = `m${agent.counters.nextStream++}`
      const named = url.searchParams.get('scenario') ?? options.scenario ?? DEFAULT_SCRIPT_OPTIONS.scenario
      const scenario = typeof named === 'string' ? getScenario(named) : named
      // Interactive scenarios answer a continuation from the tool calls in the body (docs/tools.md).
      const events = scenarioEventsFor(scenario, parseBody(init?.body))
      agent.streams.set(streamId, buildScript({ ...options, scenario: { ...scenario, events } }))
    }
    const events = agent.streams.get(streamId) ?? []
    const resumable = format === 'agent-events' && (options.eventIds ?? DEFAULT_MOCK_AGENT_OPTIONS.eventIds)
    const chunks = encodeSse(format, events, resumable ? streamId : undefined)
    const attempt = agent.counters.streams++
    const cutAt = disconnectPoint(options.disconnect, attempt, chunks.length - from, agent.random)
    const errorAt = inBandErrorPoint(error, attempt)
    const errorMessage = error && !isHttpError(error) ? error.message : ''

    const stop = new AbortController()
    let bodyController: ReadableStreamDefaultController<Uint8Array> | undefined
    // A real fetch errors the body when its request is aborted, even between reads.
    const onAbort = () => {
      stop.abort(signal ? abortError(signal) : undefined)
      bodyController?.error(stop.signal.reason)
      finish()
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    const encoder = new TextEncoder()
    let index = from
    let sent = 0
    let finished = false
    const finish = () => {
      if (finished) return
      finished = true
      agent.counters.open--
      signal?.removeEventListener('abort', onAbort)
    }
    agent.counters.open++
    // Pull-based with no queue: a chunk goes out only when the reader asks, so a cut never discards
    // chunks the reader has not taken yet (erroring a stream drops its queue).
    const body = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          bodyController = controller
        },
        async pull(controller) {
          if (index >= chunks.length) {
            finish()
            return controller.close()
          }
          const ms = delayBefore(index - from, options, agent.random)
          try {
            if (ms > 0) await sleep(ms, stop.signal, agent.timers)
            if (stop.signal.aborted) throw stop.signal.reason
          } catch (reason) {
            finish()
            return controller.error(reason)
          }
          if (sent === cutAt) {
            finish()
            // What a dropped connection looks like to a fetch body reader.
            return controller.error(new TypeError('network error (mock disconnect)'))
          }
          if (sent === errorAt) {
            finish()
            controller.enqueue(encoder.encode(encodeErrorEvent(format, errorMessage)))
            return controller.close()
          }
          controller.enqueue(encoder.encode(chunks[index] as string))
          index++
          sent++
        },
        cancel(reason) {
          stop.abort(reason)
          finish()
        },
      },
      { highWaterMark: 0 },
    )
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-mock-agent-stream': streamId,
      },
    })
  }
}
