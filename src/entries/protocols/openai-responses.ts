// "react-agent-stream/protocols/openai-responses": the openAIResponsesProtocol object alone. Next to the hooks it loads only its
// own decoder, whatever the bundler (docs/design.md, "What loads when").
export { openAIResponsesProtocol } from '../../protocols/openai-responses.js'
