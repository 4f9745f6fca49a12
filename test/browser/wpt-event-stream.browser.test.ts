import { inject } from 'vitest'
import { remoteWireServer } from '../helpers/wire-server-handle.js'
import { runWptEventStreamSuite } from '../helpers/wpt-event-stream-suite.js'

describe("the web-platform-tests event-stream rules over HTTP, in Chromium with the browser's own fetch", () => {
  runWptEventStreamSuite(async () => remoteWireServer(inject('wireUrl')))
})
