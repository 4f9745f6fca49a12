import { fetchEventSourceReader } from '../../src/transports/index.js'
import { runSessionFuzz } from '../helpers/fuzz-session.js'

describe('the session over fuzzed SSE (fetch-event-source reader)', () => {
  runSessionFuzz(fetchEventSourceReader, 6_007)
})
