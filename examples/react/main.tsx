import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import 'react-agent-stream/styles.css'
import { App } from './app.js'

const root = document.getElementById('root')
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
