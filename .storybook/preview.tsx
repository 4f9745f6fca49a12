import type { Preview } from '@storybook/react-vite'
import { StrictMode } from 'react'
import '../src/styles.css'

const preview: Preview = {
  parameters: {
    controls: { expanded: true },
    a11y: { test: 'error' },
  },
  decorators: [
    (Story) => (
      <StrictMode>
        <div className="ras-root" data-theme="light" style={{ padding: 16 }}>
          <Story />
        </div>
      </StrictMode>
    ),
  ],
  tags: ['autodocs'],
}

export default preview
