import type { Preview } from '@storybook/react-vite'
import { StrictMode } from 'react'
import '../src/styles.css'

const preview: Preview = {
  parameters: {
    controls: { expanded: true },
    // The decorator's themed box pads the story; the page itself adds no margin around it.
    layout: 'fullscreen',
    a11y: { test: 'error' },
  },
  globalTypes: {
    theme: {
      description: 'The optional theme of react-agent-stream/styles.css',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light' },
  decorators: [
    (Story, context) => (
      <StrictMode>
        <div
          className="ras-root"
          data-theme={context.globals.theme ?? 'light'}
          style={{ padding: 16, minHeight: '100vh', boxSizing: 'border-box' }}
        >
          <Story />
        </div>
      </StrictMode>
    ),
  ],
  tags: ['autodocs'],
}

export default preview
