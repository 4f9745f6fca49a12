import '@testing-library/jest-dom/vitest'
import { WebSocket } from 'ws'

// jsdom 29's own WebSocket never fires 'open' under Vitest (undici #2663): use the ws client.
globalThis.WebSocket = WebSocket as unknown as typeof globalThis.WebSocket
