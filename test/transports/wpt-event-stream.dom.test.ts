import { startWireServer, type WireServer } from '../helpers/wire-server.js'
import { WPT_ROUTES } from '../helpers/wpt-event-stream-routes.js'
import { runWptEventStreamSuite } from '../helpers/wpt-event-stream-suite.js'

let server: WireServer | undefined
afterAll(async () => {
  await server?.close()
})

describe('the web-platform-tests event-stream rules over HTTP, in a DOM (the browser default)', () => {
  it('runs where the browser code paths would: window and document exist', () => {
    expect(typeof window).toBe('object')
    expect(typeof document).toBe('object')
  })

  runWptEventStreamSuite(async () => {
    server = await startWireServer(WPT_ROUTES)
    return server
  })
})
