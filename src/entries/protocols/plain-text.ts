// "react-agent-stream/protocols/plain-text": the plainTextProtocol object alone. Next to the hooks it loads only its
// own decoder, whatever the bundler (docs/design.md, "What loads when").
export { plainTextProtocol } from '../../protocols/plain-text.js'
