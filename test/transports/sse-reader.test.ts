import { eventsourceParserReader } from '../../src/transports/index.js'
import { runSseConformanceSuite } from '../helpers/sse-conformance-suite.js'

describe('the reader SSE uses without a DOM by default conforms to the event-stream rules', () => {
  runSseConformanceSuite(eventsourceParserReader)
})
