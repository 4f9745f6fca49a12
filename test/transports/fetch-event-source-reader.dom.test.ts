import { fetchEventSourceReader } from '../../src/transports/index.js'
import { runSseConformanceSuite } from '../helpers/sse-conformance-suite.js'

describe('fetch-event-source reader conforms to the event-stream rules, minus its documented defects', () => {
  runSseConformanceSuite(fetchEventSourceReader, { bareDataLines: true, idClear: true, parseIntRetry: true })
})
