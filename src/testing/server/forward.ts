import type { ServerResponse } from 'node:http'
import { errorMessage } from '../../core/index.js'

/** A real model behind the mock server: the playground then talks to it instead of the scripted answers. */
export type ForwardTarget =
  | { kind: 'openai'; baseUrl: string; apiKey?: string | undefined; model: string }
  | { kind: 'anthropic'; baseUrl: string; apiKey: string; model: string }

/** Reads OPENAI_BASE_URL (+ OPENAI_API_KEY, OPENAI_MODEL) or ANTHROPIC_API_KEY (+ ANTHROPIC_MODEL, ANTHROPIC_BASE_URL). */
export function forwardTargetFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): ForwardTarget | undefined {
  if (env.OPENAI_BASE_URL) {
    return {
      kind: 'openai',
      baseUrl: env.OPENAI_BASE_URL.replace(/\/+$/, ''),
      apiKey: env.OPENAI_API_KEY,
      model: env.OPENAI_MODEL ?? 'gpt-4o-mini',
    }
  }
  if (env.ANTHROPIC_API_KEY) {
    return {
      kind: 'anthropic',
      baseUrl: (env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com').replace(/\/+$/, ''),
      apiKey: env.ANTHROPIC_API_KEY,
      model: env.ANTHROPIC_MODEL ?? 'claude-sonnet-4-5',
    }
  }
  return undefined
}

interface WireMessage {
  role: string
  content: string
}

function readMessages(body: string): WireMessage[] {
  try {
    const parsed = JSON.parse(body) as { messages?: unknown }
    if (!Array.isArray(parsed.messages)) return []
    return parsed.messages
      .filter(
        (message): message is WireMessage =>
          typeof message?.role === 'string' && typeof message?.content === 'string',
      )
      .map(({ role, content }) => ({ role, content }))
  } catch {
    return []
  }
}

/** The upstream request for the kit's `{messages:[{id, role, content}]}` body. */
export function upstreamRequest(target: ForwardTarget, body: string): { url: string; init: RequestInit } {
  const messages = readMessages(body)
  if (target.kind === 'openai') {
    return {
      url: `${target.baseUrl}/chat/completions`,
      init: {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...(target.apiKey ? { authorization: `Bearer ${target.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: target.model,
          messages,
          stream: true,
          stream_options: { include_usage: true },
        }),
      },
    }
  }
  const system = messages.filter((message) => message.role === 'system').map((message) => message.content)
  return {
    url: `${target.baseUrl}/v1/messages`,
    init: {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        'x-api-key': target.apiKey,
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify({
        model: target.model,
        max_tokens: 2048,
        stream: true,
        ...(system.length > 0 ? { system: system.join('\n\n') } : {}),
        messages: messages.filter((message) => message.role !== 'system'),
      }),
    },
  }
}

/**
 * Pipes the upstream stream to the client as it arrives (the hooks' `auto` protocol reads OpenAI's
 * and Anthropic's formats). Upstream failures keep their status and body, so the UI shows them.
 */
export async function forwardChat(
  target: ForwardTarget,
  body: string,
  response: ServerResponse,
  signal: AbortSignal,
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  const { url, init } = upstreamRequest(target, body)
  let upstream: Response
  try {
    upstream = await fetchImpl(url, { ...init, signal })
  } catch (error) {
    if (response.headersSent) return void response.end()
    response.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' })
    return void response.end(`upstream unreachable: ${errorMessage(error)}`)
  }
  response.writeHead(upstream.status, {
    'content-type': upstream.headers.get('content-type') ?? 'text/event-stream',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
  })
  if (!upstream.body) return void response.end()
  const reader = upstream.body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      response.write(value)
    }
  } catch {
    // The client went away or the upstream dropped: end what was sent.
  } finally {
    response.end()
  }
}
