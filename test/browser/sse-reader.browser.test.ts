import { eventsourceParserReader } from '../../src/transports/index.js'
import { runSseConformanceSuite } from '../helpers/sse-conformance-suite.js'

describe('the default SSE reader in Chromium (its TextDecoder and streams) conforms to the event-stream rules', () => {
  runSseConformanceSuite(eventsourceParserReader)
})
