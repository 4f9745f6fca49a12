import type { Protocol } from '../core/index.js'

// Placeholder owned by the protocols issue: `data: <chunk>` (FastAPI StreamingResponse).
export const plainTextProtocol: Protocol = {
  name: 'plain-text',
  createDecoder() {
    return {
      decode: (frame) => (frame.data === '' ? [] : [{ type: 'text-delta', text: frame.data }]),
      end: () => [],
    }
  },
}
