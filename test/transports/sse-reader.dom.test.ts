import { eventsourceParserReader, resolveSseReader } from '../../src/transports/index.js'
import { runSseConformanceSuite } from '../helpers/sse-conformance-suite.js'

describe('the reader SSE uses in a DOM by default conforms to the event-stream rules', () => {
  it('is the one parser for every reader name, the deprecated fetch-event-source included', () => {
    for (const name of ['auto', 'eventsource-parser', 'fetch-event-source', undefined] as const) {
      expect(resolveSseReader(name)).toBe(eventsourceParserReader)
    }
  })

  runSseConformanceSuite(resolveSseReader('auto'))
})
