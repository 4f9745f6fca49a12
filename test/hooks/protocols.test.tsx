import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { act, renderHook } from '@testing-library/react'
import { type ChatMessage, useStreamingChat, useWebSocketAgent } from 'react-agent-stream'
import { protocols } from 'react-agent-stream/core'
import { WebSocketServer } from 'ws'
import { setupHttpServer } from '../helpers/setup-server.js'
import { decodeFixture, decodeFrames } from '../protocols/decode-helpers.js'

// Every recorded transcript, served over real HTTP / WebSocket on 127.0.0.1 and read through the
// hooks with protocol 'auto': the chat must show what the protocol's own decoder makes of it.
// Tests run from the repository root; import.meta.url is not a file URL under jsdom.
const fixtures = join(process.cwd(), 'test/fixtures/')
const sseFixtures = readdirSync(fixtures)
  .filter((folder) => folder in protocols)
  .flatMap((folder) =>
    readdirSync(fixtures + folder)
      .filter((file) => file.endsWith('.sse'))
      .map((file) => `${folder}/${file}`),
  )
const socketFixtures = readdirSync(`${fixtures}websocket-chunk`).map((file) => `websocket-chunk/${file}`)

/** Answers a POST to /fixture/<path> with that recorded stream, and a WebSocket's message with ?fixture=<path>. */
const http = setupHttpServer(
  (request, response) => {
    const path = decodeURIComponent(
      new URL(request.url ?? '/', 'http://x').pathname.slice('/fixture/'.length),
    )
    const headers: Record<string, string> = { 'content-type': 'text/event-stream' }
    if (path.startsWith('ai-sdk/')) headers['x-vercel-ai-ui-message-stream'] = 'v1'
    request.resume()
    request.on('end', () => {
      response.writeHead(200, headers)
      response.end(readFileSync(fixtures + path))
    })
  },
  {
    attach(server) {
      const sockets = new WebSocketServer({ server })
      sockets.on('connection', (socket, request) => {
        const path = new URL(request.url ?? '/', 'http://x').searchParams.get('fixture') ?? ''
        socket.on('message', () => {
          for (const line of readFileSync(fixtures + path, 'utf8').split('\n'))
            if (line.trim()) socket.send(line)
        })
      })
      return () => {
        for (const client of sockets.clients) client.terminate()
        sockets.close()
      }
    },
  },
)
const host = () => http.url.slice('http://'.length)

function shown(messages: readonly ChatMessage[]) {
  let text = ''
  const tools: Record<string, string> = {}
  for (const message of messages) {
    if (message.role !== 'assistant') continue
    for (const part of message.parts) {
      if (part.type === 'text') text += part.text
      if (part.type === 'tool-call') tools[part.name] = (tools[part.name] ?? '') + part.argsText
    }
  }
  return { text, tools }
}

function expectedTools(tools: Record<string, { name: string; argsText: string }>) {
  const byName: Record<string, string> = {}
  for (const tool of Object.values(tools)) byName[tool.name] = (byName[tool.name] ?? '') + tool.argsText
  return byName
}

describe('the hooks read every protocol the decoders support (auto-detected)', () => {
  it.each(sseFixtures)('useStreamingChat over SSE: %s', async (path) => {
    const protocolName = path.split('/')[0] as keyof typeof protocols
    const expected = decodeFixture(protocols[protocolName], path).transcript
    const { result } = renderHook(() =>
      useStreamingChat({ api: `http://${host()}/fixture/${path}`, reconnect: false }),
    )
    await act(async () => {
      await result.current.send('hello')
    })
    expect(['complete', 'error']).toContain(result.current.status)
    const { text, tools } = shown(result.current.messages)
    expect(text).toBe(expected.text)
    expect(tools).toEqual(expectedTools(expected.tools))
    expect(result.current.status === 'error').toBe(expected.errors.length > 0)
  })

  it.each(socketFixtures)('useWebSocketAgent over WebSocket: %s', async (path) => {
    const frames = readFileSync(fixtures + path, 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((data) => ({ data }))
    const expected = decodeFrames(protocols['websocket-chunk'], frames).transcript
    const { result, unmount } = renderHook(() =>
      useWebSocketAgent({ url: `ws://${host()}/ws?fixture=${encodeURIComponent(path)}`, reconnect: false }),
    )
    await act(async () => {
      await result.current.send('hello')
    })
    expect(shown(result.current.messages).text).toBe(expected.text)
    expect(result.current.status === 'error').toBe(expected.errors.length > 0)
    unmount()
  })
})
