import { runWptEventStreamSuite } from '../helpers/wpt-event-stream-suite.js'

describe('the web-platform-tests event-stream rules over HTTP, without a DOM', () => {
  runWptEventStreamSuite()
})
