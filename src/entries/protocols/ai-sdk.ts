// "react-agent-stream/protocols/ai-sdk": the aiSdkProtocol object alone. Next to the hooks it loads only its
// own decoder, whatever the bundler (docs/design.md, "What loads when").
export { aiSdkProtocol } from '../../protocols/ai-sdk.js'
