import { configure } from '@testing-library/react'
import '@testing-library/jest-dom/vitest'
import { WebSocket } from 'ws'

// jsdom 29's own WebSocket never fires 'open' under Vitest (undici #2663): use the ws client.
globalThis.WebSocket = WebSocket as unknown as typeof globalThis.WebSocket

// A deadline, not a timing assertion: on a loaded 2-core CI machine a real stream can take seconds.
configure({ asyncUtilTimeout: 10_000 })
