// "react-agent-stream/markdown": pure string functions behind StreamingMarkdown.
export * from '../markdown/index.js'
