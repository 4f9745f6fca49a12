// "react-agent-stream/testing": the browser-safe mock agent (scenarios, mock fetch and WebSocket).
export * from '../testing/index.js'
