// "react-agent-stream/protocols/langchain": the langChainProtocol object alone. Next to the hooks it loads only its
// own decoder, whatever the bundler (docs/design.md, "What loads when").
export { langChainProtocol } from '../../protocols/langchain.js'
