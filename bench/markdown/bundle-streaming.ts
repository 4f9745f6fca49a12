export { StreamingMarkdown } from '../../src/components/streaming-markdown.js'
