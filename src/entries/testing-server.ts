// "react-agent-stream/testing/server": the mock agent server for Node (also behind the CLI).
export * from '../testing/server/index.js'
