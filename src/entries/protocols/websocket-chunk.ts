// "react-agent-stream/protocols/websocket-chunk": the websocketChunkProtocol object alone. Next to the hooks it loads only its
// own decoder, whatever the bundler (docs/design.md, "What loads when").
export { websocketChunkProtocol } from '../../protocols/websocket-chunk.js'
