import { eventsourceParserReader } from '../../src/transports/index.js'
import { runReaderFuzz } from '../helpers/fuzz-readers.js'
import { readWire } from '../helpers/sse-wire.js'

describe('eventsource-parser reader under random and mutated byte streams', () => {
  runReaderFuzz(eventsourceParserReader, { exactOnMalformedInput: true, seed: 7_301 })

  // Found by the fuzz (seed 7301): the id of an id-only block leaked into the next frame when
  // both arrived in one chunk, so a frame's id depended on where the network cut the stream.
  it('gives a frame only its own block id, however the stream is chunked', async () => {
    const wire = 'id: 0\n\ndata: a\n\n'
    for (const chunks of [[wire], ['id: 0\n\n', 'data: a\n\n']]) {
      const result = await readWire(eventsourceParserReader, chunks)
      expect(result.frames).toEqual([{ data: 'a' }])
      expect(result.cursors).toEqual(['0'])
    }
  })
})
