import { eventsourceParserReader } from '../../src/transports/index.js'
import { runSseConformanceSuite } from '../helpers/sse-conformance-suite.js'

describe('eventsource-parser reader conforms to the event-stream rules', () => {
  runSseConformanceSuite(eventsourceParserReader)
})
