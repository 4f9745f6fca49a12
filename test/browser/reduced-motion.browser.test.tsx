import { render, screen } from '@testing-library/react'
import { ThinkingIndicator } from 'react-agent-stream'
import { cdp } from 'vitest/browser'
import '../../src/styles.css'

async function emulateReducedMotion(reduce: boolean) {
  await cdp().send('Emulation.setEmulatedMedia', {
    features: [{ name: 'prefers-reduced-motion', value: reduce ? 'reduce' : 'no-preference' }],
  })
}

function pulseAnimation(): string {
  const pulse = document.querySelector('.ras-thinking-pulse')
  if (!pulse) throw new Error('no pulse element')
  return getComputedStyle(pulse).animationName
}

describe('ThinkingIndicator animation in real Chromium', () => {
  afterEach(async () => {
    await emulateReducedMotion(false)
  })

  it('pulses while thinking', async () => {
    await emulateReducedMotion(false)
    render(
      <div className="ras-root">
        <ThinkingIndicator status="submitted" />
      </div>,
    )
    expect(screen.getByRole('status')).toHaveTextContent('Thinking…')
    expect(pulseAnimation()).toBe('ras-pulse')
  })

  it('does not animate under prefers-reduced-motion', async () => {
    await emulateReducedMotion(true)
    render(
      <div className="ras-root">
        <ThinkingIndicator status="submitted" />
      </div>,
    )
    expect(pulseAnimation()).toBe('none')
  })
})
