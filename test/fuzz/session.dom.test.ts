import { eventsourceParserReader } from '../../src/transports/index.js'
import { runSessionFuzz } from '../helpers/fuzz-session.js'

describe('the session over fuzzed SSE (the default reader, in a DOM)', () => {
  runSessionFuzz(eventsourceParserReader, 6_007)
})
