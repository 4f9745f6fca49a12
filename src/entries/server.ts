// "react-agent-stream/server": resumable agent streams for Node and Web Request/Response backends. No React.
export * from '../server/index.js'
