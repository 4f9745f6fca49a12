import { eventsourceParserReader } from '../../src/transports/index.js'
import { runReaderFuzz } from '../helpers/fuzz-readers.js'

describe('the default SSE reader in a DOM under random and mutated byte streams', () => {
  runReaderFuzz(eventsourceParserReader, { exactOnMalformedInput: true, seed: 9_157 })
})
