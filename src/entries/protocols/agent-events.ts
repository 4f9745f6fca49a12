// "react-agent-stream/protocols/agent-events": the agentEventsProtocol object alone. Next to the hooks it loads only its
// own decoder, whatever the bundler (docs/design.md, "What loads when").
export { agentEventsProtocol } from '../../protocols/agent-events.js'
