// "react-agent-stream/protocols/langgraph": the langGraphProtocol object alone. Next to the hooks it loads only its
// own decoder, whatever the bundler (docs/design.md, "What loads when").
export { langGraphProtocol } from '../../protocols/langgraph.js'
