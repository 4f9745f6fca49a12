// "react-agent-stream/protocols/multi-agent": the multiAgentProtocol object alone. Next to the hooks it loads only its
// own decoder, whatever the bundler (docs/design.md, "What loads when").
export { multiAgentProtocol } from '../../protocols/multi-agent.js'
