import { runWptEventStreamSuite } from '../helpers/wpt-event-stream-suite.js'

describe('the web-platform-tests event-stream rules over HTTP, in a DOM (the browser default)', () => {
  it('runs where the browser code paths would: window and document exist', () => {
    expect(typeof window).toBe('object')
    expect(typeof document).toBe('object')
  })

  runWptEventStreamSuite()
})
