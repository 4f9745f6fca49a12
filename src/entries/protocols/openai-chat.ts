// "react-agent-stream/protocols/openai-chat": the openAIChatProtocol object alone. Next to the hooks it loads only its
// own decoder, whatever the bundler (docs/design.md, "What loads when").
export { openAIChatProtocol } from '../../protocols/openai-chat.js'
