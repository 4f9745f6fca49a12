// "react-agent-stream/protocols/anthropic": the anthropicProtocol object alone. Next to the hooks it loads only its
// own decoder, whatever the bundler (docs/design.md, "What loads when").
export { anthropicProtocol } from '../../protocols/anthropic.js'
