// The framework-agnostic entry: "react-agent-stream/core". No React, nothing runs on import.
export * from '../core/index.js'
export * from '../protocols/index.js'
export * from '../transports/index.js'
