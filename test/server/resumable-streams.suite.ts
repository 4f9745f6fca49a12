import type { AgentEvent } from '../../src/core/index.js'
import type { ResumableStore } from '../../src/entries/server.js'
import { waitFor } from '../helpers/wait-for.js'
import { eventually, newChatId, startApp, type TestApp } from './harness.js'

const text = (value: string): AgentEvent => ({ type: 'text-delta', text: value })
const stop: AgentEvent = { type: 'finish', reason: 'stop' }

/**
 * The contract of docs/resumable-streams.md over real HTTP, run against every store. `createStore`
 * gives a fresh store for one app (an instance); stores of one suite run may share a backend.
 */
export function describeResumableStreams(name: string, createStore: () => ResumableStore) {
  describe(`resumable streams (${name} store)`, () => {
    const apps: TestApp[] = []
    async function app(
      options: Parameters<typeof startApp>[1] = {},
      agentOptions: Parameters<typeof startApp>[2] = {},
    ) {
      const started = await startApp(createStore(), options, agentOptions)
      apps.push(started)
      return started
    }
    afterEach(async () => {
      await Promise.all(apps.splice(0).map((started) => started.close()))
    })

    it('gives every event the id <epoch>-<seq>, seq from 1 by 1, with the stream headers', async () => {
      const server = await app()
      const chatId = newChatId()
      const stream = await server.post(chatId)
      const run = await server.run()
      run.push({ type: 'message-start', messageId: 'm1' }, text('Hel'), text('lo "you"\n'), stop)
      const events = await stream.rest()

      const epoch = stream.response.headers.get('x-stream-id') ?? ''
      expect(epoch).toMatch(/^[A-Za-z0-9_]+$/)
      expect(stream.response.status).toBe(200)
      expect(stream.response.headers.get('content-type')).toBe('text/event-stream')
      expect(stream.response.headers.get('cache-control')).toBe('no-cache')
      expect(stream.response.headers.get('x-accel-buffering')).toBe('no')
      expect(events.map((event) => event.id)).toEqual([1, 2, 3, 4].map((seq) => `${epoch}-${seq}`))
      expect(events.map((event) => event.event)).toEqual([
        { type: 'message-start', messageId: 'm1' },
        text('Hel'),
        text('lo "you"\n'),
        stop,
      ])
      // Compact JSON on one data line per event.
      expect(stream.blocks.filter((block) => block.data !== undefined).map((block) => block.data)).toEqual(
        events.map((event) => JSON.stringify(event.event)),
      )
    })

    it('ends the stream with a finish when the producer ends without one', async () => {
      const server = await app()
      const stream = await server.post(newChatId())
      const run = await server.run()
      run.push(text('a'))
      run.end()
      const events = await stream.rest()
      expect(events.map((event) => event.event)).toEqual([text('a'), stop])
    })

    it('keeps generating after the client disconnects, and a resume gets the rest', async () => {
      const server = await app()
      const chatId = newChatId()
      const stream = await server.post(chatId)
      const run = await server.run()
      run.push(text('a'))
      const first = await stream.nextEvent()
      stream.disconnect()
      await waitFor(() => server.closedResponses === 1)

      run.push(text('b'), text('c'))
      run.end()
      await waitFor(() => run.returned)
      expect(run.signal.aborted).toBe(false)

      const resumed = await server.follow(chatId, first?.id)
      const epoch = stream.response.headers.get('x-stream-id')
      expect(resumed.response.headers.get('x-stream-id')).toBe(epoch)
      const rest = await resumed.rest()
      expect(rest.map((event) => event.id)).toEqual([`${epoch}-2`, `${epoch}-3`, `${epoch}-4`])
      expect(rest.map((event) => event.event)).toEqual([text('b'), text('c'), stop])
    })

    it('follows the running stream from its first event on reload, the same events in a second tab, one generation', async () => {
      const server = await app()
      const chatId = newChatId()
      const original = await server.post(chatId)
      const run = await server.run()
      run.push(text('a'), text('b'))
      await original.nextEvent()

      const reload = await server.follow(chatId)
      const secondTab = await server.follow(chatId)
      expect(reload.response.status).toBe(200)
      expect(secondTab.response.status).toBe(200)
      const reloadFirst = [await reload.nextEvent(), await reload.nextEvent()]
      run.push(text('c'), stop)

      const [reloadRest, secondTabEvents, originalRest] = await Promise.all([
        reload.rest(),
        secondTab.rest(),
        original.rest(),
      ])
      const reloadEvents = [...reloadFirst, ...reloadRest]
      expect(reloadEvents.map((event) => event?.event)).toEqual([text('a'), text('b'), text('c'), stop])
      expect(secondTabEvents).toEqual(reloadEvents)
      expect(originalRest).toEqual(reloadEvents.slice(1))
      expect(server.agent.runs).toHaveLength(1)
    })

    it('replays exactly the events after Last-Event-ID, then follows live', async () => {
      const server = await app()
      const chatId = newChatId()
      const stream = await server.post(chatId)
      const run = await server.run()
      run.push(text('a'), text('b'), text('c'))
      const first = await stream.nextEvent()
      stream.disconnect()
      const epoch = stream.response.headers.get('x-stream-id')

      const resumed = await server.follow(chatId, first?.id)
      expect(await resumed.nextEvent()).toEqual({ id: `${epoch}-2`, event: text('b') })
      expect(await resumed.nextEvent()).toEqual({ id: `${epoch}-3`, event: text('c') })
      run.push(text('d'), stop)
      expect(await resumed.rest()).toEqual([
        { id: `${epoch}-4`, event: text('d') },
        { id: `${epoch}-5`, event: stop },
      ])
    })

    it('treats a POST carrying Last-Event-ID as the GET: it never generates twice', async () => {
      const server = await app()
      const chatId = newChatId()
      const stream = await server.post(chatId)
      const run = await server.run()
      run.push(text('a'), text('b'), stop)
      const events = await stream.rest()

      const again = await server.post(chatId, { 'Last-Event-ID': events[0]?.id ?? '' })
      expect((await again.rest()).map((event) => event.event)).toEqual([text('b'), stop])
      expect(server.agent.runs).toHaveLength(1)
    })

    it('answers 204 when the chat has no stream, or its stream finished', async () => {
      const server = await app()
      const chatId = newChatId()
      expect((await server.follow(chatId)).response.status).toBe(204)

      const stream = await server.post(chatId)
      ;(await server.run()).push(text('a'), stop)
      const events = await stream.rest()
      expect((await server.follow(chatId)).response.status).toBe(204)
      expect((await server.follow(chatId, events.at(-1)?.id)).response.status).toBe(204)
    })

    it('answers 204 to a resume of a finished stream once it expired', async () => {
      const server = await app({ ttlMs: 100 })
      const chatId = newChatId()
      const stream = await server.post(chatId)
      ;(await server.run()).push(text('a'), text('b'), stop)
      const events = await stream.rest()
      const firstId = events[0]?.id

      // Before expiry the missed events are replayed.
      const early = await server.follow(chatId, firstId)
      expect((await early.rest()).map((event) => event.event)).toEqual([text('b'), stop])
      await eventually(async () => {
        const late = await server.follow(chatId, firstId)
        await late.rest()
        return late.response.status === 204
      })
    })

    it('answers 410 to a Last-Event-ID whose epoch the server does not know', async () => {
      const server = await app()
      const chatId = newChatId()
      const unknown = await server.follow(chatId, 'NoSuchEpoch_1-3')
      expect(unknown.response.status).toBe(410)
      expect(await unknown.json()).toMatchObject({ error: 'stream_unknown' })

      // An epoch of another chat is not this chat's stream.
      const other = await server.post(newChatId())
      ;(await server.run()).push(text('a'))
      const first = await other.nextEvent()
      expect((await server.follow(chatId, first?.id)).response.status).toBe(410)
    })

    it('answers 400 to a Last-Event-ID that is not <epoch>-<seq>', async () => {
      const server = await app()
      const bad = await server.follow(newChatId(), 'not an id')
      expect(bad.response.status).toBe(400)
      expect(await bad.json()).toMatchObject({ error: 'bad_event_id' })
    })

    it('stops generation on DELETE: the producer signal aborts and followers get finish cancelled', async () => {
      const server = await app()
      const chatId = newChatId()
      const stream = await server.post(chatId)
      const run = await server.run()
      run.push(text('a'))
      const follower = await server.follow(chatId)
      await follower.nextEvent()

      const answer = await server.cancel(chatId)
      expect(answer.status).toBe(204)
      await waitFor(() => run.signal.aborted)
      const cancelled = { type: 'finish', reason: 'cancelled' }
      expect((await stream.rest()).map((event) => event.event)).toEqual([text('a'), cancelled])
      expect((await follower.rest()).map((event) => event.event)).toEqual([cancelled])
      await waitFor(() => run.returned)
      expect((await server.follow(chatId)).response.status).toBe(204)
    })

    it('ends followers on cancel even when the producer ignores its signal', async () => {
      const server = await app({}, { ignoreSignal: true })
      const chatId = newChatId()
      const stream = await server.post(chatId)
      const run = await server.run()
      run.push(text('a'))
      await stream.nextEvent()
      await server.cancel(chatId)
      expect((await stream.rest()).map((event) => event.event)).toEqual([
        { type: 'finish', reason: 'cancelled' },
      ])
      expect(run.returned).toBe(false)
    })

    it('sends an error event, then ends, when the producer throws', async () => {
      const server = await app()
      const stream = await server.post(newChatId())
      const run = await server.run()
      run.push(text('a'))
      run.fail(new Error('database password is hunter2'))
      const events = await stream.rest()
      expect(events.map((event) => event.event)).toEqual([
        text('a'),
        { type: 'error', message: 'The answer failed on the server.' },
      ])
      expect(server.errors).toEqual([expect.objectContaining({ message: 'database password is hunter2' })])
    })

    it('cancels the running stream when a new POST starts one for the same chat', async () => {
      const server = await app()
      const chatId = newChatId()
      const first = await server.post(chatId)
      const firstRun = await server.run(0)
      firstRun.push(text('old'))
      await first.nextEvent()

      const second = await server.post(chatId)
      const secondRun = await server.run(1)
      await waitFor(() => firstRun.signal.aborted)
      expect((await first.rest()).map((event) => event.event)).toEqual([
        { type: 'finish', reason: 'cancelled' },
      ])
      expect(secondRun.signal.aborted).toBe(false)
      expect(second.response.headers.get('x-stream-id')).not.toBe(first.response.headers.get('x-stream-id'))

      secondRun.push(text('new'))
      const reload = await server.follow(chatId)
      expect(reload.response.headers.get('x-stream-id')).toBe(second.response.headers.get('x-stream-id'))
      expect(await reload.nextEvent()).toMatchObject({ event: text('new') })
      secondRun.push(stop)
      await reload.rest()
    })

    it('sends a ping comment on an idle stream', async () => {
      const server = await app({ heartbeatMs: 20 })
      const stream = await server.post(newChatId())
      const run = await server.run()
      expect(await stream.next()).toEqual({ comment: 'ping' })
      run.push(stop)
      expect((await stream.rest()).map((event) => event.event)).toEqual([stop])
    })
  })
}
