import type { AgentEvent } from '../../src/core/index.js'
import { createResumableStreams } from '../../src/entries/server.js'

const chatBody = (id: unknown) =>
  JSON.stringify({ id, messages: [{ id: 'u1', role: 'user', content: 'Hi' }] })

function streamsFor(options: Parameters<typeof createResumableStreams>[0] = {}) {
  const errors: unknown[] = []
  const streams = createResumableStreams({
    events: async function* (body): AsyncGenerator<AgentEvent> {
      yield { type: 'text-delta', text: `hello ${body.id}` }
      yield { type: 'finish', reason: 'stop' }
    },
    onError: (error) => errors.push(error),
    ...options,
  })
  return { streams, errors }
}

describe('createResumableStreams().handler', () => {
  it('answers a POST with the event stream, called directly with a Web Request', async () => {
    const { streams } = streamsFor()
    const response = await streams.handler(
      new Request('http://app.test/api/chat', { method: 'POST', body: chatBody('c1') }),
    )
    expect(response.status).toBe(200)
    const epoch = response.headers.get('x-stream-id')
    expect(await response.text()).toBe(
      `id: ${epoch}-1\ndata: {"type":"text-delta","text":"hello c1"}\n\n` +
        `id: ${epoch}-2\ndata: {"type":"finish","reason":"stop"}\n\n`,
    )
    await streams.close()
  })

  it('routes GET and DELETE on {basePath}/{chatId}/stream, with a percent-encoded chat id', async () => {
    const { streams } = streamsFor({ basePath: '/chat/' })
    const post = await streams.handler(
      new Request('http://app.test/chat', { method: 'POST', body: chatBody('team/1') }),
    )
    const epoch = post.headers.get('x-stream-id')
    await post.text()
    const resume = await streams.handler(
      new Request('http://app.test/chat/team%2F1/stream', { headers: { 'Last-Event-ID': `${epoch}-1` } }),
    )
    expect(resume.status).toBe(200)
    expect(await resume.text()).toContain('"reason":"stop"')
    const remove = await streams.handler(
      new Request('http://app.test/chat/team%2F1/stream', { method: 'DELETE' }),
    )
    expect(remove.status).toBe(204)
    const idle = await streams.handler(new Request('http://app.test/chat/nobody/stream'))
    expect(idle.status).toBe(204)
  })

  it('answers 404 off its paths and 405 with Allow for another method', async () => {
    const { streams } = streamsFor()
    expect((await streams.handler(new Request('http://app.test/elsewhere'))).status).toBe(404)
    expect((await streams.handler(new Request('http://app.test/api/chat/c1/other'))).status).toBe(404)
    const get = await streams.handler(new Request('http://app.test/api/chat'))
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
    const put = await streams.handler(new Request('http://app.test/api/chat/c1/stream', { method: 'PUT' }))
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('GET, DELETE')
  })

  it('answers 400 with a code to a body that is not JSON, has no chat id, or has non-array messages', async () => {
    const { streams } = streamsFor()
    const post = (body: string) =>
      streams.handler(new Request('http://app.test/api/chat', { method: 'POST', body }))
    for (const [body, code] of [
      ['not json', 'bad_body'],
      ['[1]', 'bad_body'],
      [chatBody(42), 'bad_chat_id'],
      [chatBody(''), 'bad_chat_id'],
      [JSON.stringify({ id: 'c1', messages: 'hi' }), 'bad_body'],
    ]) {
      const response = await post(body as string)
      expect(response.status).toBe(400)
      expect(await response.json()).toMatchObject({ error: code })
    }
  })

  it('answers 500 and reports why when POST comes without an events option', async () => {
    const errors: unknown[] = []
    const streams = createResumableStreams({ onError: (error) => errors.push(error) })
    const response = await streams.handler(
      new Request('http://app.test/api/chat', { method: 'POST', body: chatBody('c1') }),
    )
    expect(response.status).toBe(500)
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringContaining('`events` option') })])
  })

  it('refuses an epoch generator that returns something that cannot be an epoch', async () => {
    const { streams, errors } = streamsFor({ generateEpoch: () => 'has-dash' })
    const response = await streams.handler(
      new Request('http://app.test/api/chat', { method: 'POST', body: chatBody('c1') }),
    )
    expect(response.status).toBe(500)
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringContaining('has-dash') })])
  })

  it('takes a producer that resolves to its events (an SDK call that returns a stream)', async () => {
    const { streams } = streamsFor({
      events: async (body) => [{ type: 'text-delta', text: `sync ${body.id}` } satisfies AgentEvent],
    })
    const response = await streams.handler(
      new Request('http://app.test/api/chat', { method: 'POST', body: chatBody('c1') }),
    )
    const body = await response.text()
    expect(body).toContain('{"type":"text-delta","text":"sync c1"}')
    expect(body).toContain('{"type":"finish","reason":"stop"}')
  })

  it('passes each generation to waitUntil', async () => {
    const pending: Promise<void>[] = []
    const { streams } = streamsFor({ waitUntil: (promise) => pending.push(promise) })
    const response = await streams.handler(
      new Request('http://app.test/api/chat', { method: 'POST', body: chatBody('c1') }),
    )
    expect(pending).toHaveLength(1)
    await pending[0]
    expect(await response.text()).toContain('"reason":"stop"')
  })
})
