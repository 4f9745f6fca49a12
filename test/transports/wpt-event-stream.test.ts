import { startWireServer, type WireServer } from '../helpers/wire-server.js'
import { WPT_ROUTES } from '../helpers/wpt-event-stream-routes.js'
import { runWptEventStreamSuite } from '../helpers/wpt-event-stream-suite.js'

let server: WireServer | undefined
afterAll(async () => {
  await server?.close()
})

describe('the web-platform-tests event-stream rules over HTTP, without a DOM', () => {
  runWptEventStreamSuite(async () => {
    server = await startWireServer(WPT_ROUTES)
    return server
  })
})
