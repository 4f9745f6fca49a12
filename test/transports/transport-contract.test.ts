import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  agentEventsProtocol,
  type ChatSnapshot,
  createChatSession,
  createSseTransport,
  immediateScheduler,
  type StreamError,
} from '../../src/entries/core.js'
import { closeServer } from '../helpers/local-server.js'
import { lastText } from '../helpers/session-harness.js'
import { waitFor } from '../helpers/wait-for.js'

// The transport contract (docs/transports.md): frames carry the cursor, and the session ends a
// response by no longer reading, not through callbacks into the transport.
let open: ServerResponse | undefined
let closedRequests = 0
let requests = 0
const server = createServer((request, response) => {
  requests++
  request.on('close', () => closedRequests++)
  response.writeHead(200, { 'content-type': 'text/event-stream' })
  response.flushHeaders()
  open = response
})
let url = ''

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/chat`
})
afterAll(() => closeServer(server))
beforeEach(() => {
  open = undefined
  requests = 0
  closedRequests = 0
})

const event = (json: object, id?: string) =>
  `${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(json)}\n\n`

function session(errors: StreamError[], statuses: ChatSnapshot['connection'][]) {
  const chat = createChatSession({
    transport: createSseTransport({ retry: false }),
    protocol: agentEventsProtocol,
    api: url,
    scheduler: immediateScheduler,
    onError: (error) => errors.push(error),
  })
  chat.subscribe(() => statuses.push(chat.getSnapshot().connection))
  return chat
}

describe('the transport contract over a real SSE response', () => {
  it('stops reading at the terminal event: the request is aborted quietly and what follows is never read', async () => {
    const errors: StreamError[] = []
    const statuses: ChatSnapshot['connection'][] = []
    const chat = session(errors, statuses)
    const done = chat.send('Hi')
    await waitFor(() => open !== undefined)
    // A trailing id-only block after the finish, and a body that never ends.
    open?.write(
      event({ type: 'text-delta', text: 'Hello' }, '1') +
        event({ type: 'finish', reason: 'stop' }, '2') +
        'id: 3\n\n',
    )
    const final = await done
    await waitFor(() => closedRequests === 1)
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe('Hello')
    expect(final.lastEventId).toBe('2')
    expect(errors).toEqual([])
    expect(statuses).not.toContain('reconnecting')
    expect(statuses).not.toContain('failed')
    expect(requests).toBe(1)
    chat.dispose()
  })

  it("moves the session's cursor on an id-only block and clears it on an empty id", async () => {
    const chat = session([], [])
    const done = chat.send('Hi')
    await waitFor(() => open !== undefined)
    open?.write(event({ type: 'text-delta', text: 'a' }, '1'))
    await waitFor(() => chat.getSnapshot().lastEventId === '1')
    open?.write('id: 7\n\n')
    await waitFor(() => chat.getSnapshot().lastEventId === '7')
    open?.write(`id:\n${event({ type: 'text-delta', text: 'b' })}`)
    await waitFor(() => lastText(chat.getSnapshot()) === 'ab')
    await waitFor(() => chat.getSnapshot().lastEventId === undefined)
    open?.write(event({ type: 'finish', reason: 'stop' }))
    const final = await done
    expect(final.status).toBe('complete')
    expect(final.lastEventId).toBeUndefined()
    chat.dispose()
  })
})
