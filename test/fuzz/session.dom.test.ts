import { resolveSseReader } from '../../src/transports/index.js'
import { runSessionFuzz } from '../helpers/fuzz-session.js'

describe('the session over fuzzed SSE (the default reader, in a DOM)', () => {
  runSessionFuzz(resolveSseReader('auto'), 6_007)
})
