// The WPT event-stream routes on 127.0.0.1 in their own process, for the browser run of that suite
// (a test page cannot start a server). Reports {origin} over IPC.
import { serveForParent } from '../helpers/child-process.js'
import { startWireServer } from '../helpers/wire-server.js'
import { WPT_ROUTES } from '../helpers/wpt-event-stream-routes.js'

const server = await startWireServer(WPT_ROUTES)
serveForParent({ origin: server.origin }, () => server.close())
