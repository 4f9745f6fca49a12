// "react-agent-stream/protocols/ag-ui": the agUiProtocol object alone. Next to the hooks it loads only its
// own decoder, whatever the bundler (docs/design.md, "What loads when").
export { agUiProtocol } from '../../protocols/ag-ui.js'
