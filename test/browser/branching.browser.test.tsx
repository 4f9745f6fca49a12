import { cleanup, render, screen } from '@testing-library/react'
import axe from 'axe-core'
import { type ChatMessage, MessageList } from 'react-agent-stream'
import { afterEach, describe, expect, it } from 'vitest'
import { userEvent } from 'vitest/browser'
import theme from '../../src/styles.css?raw'

const messages: ChatMessage[] = [
  { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Suggest a name for a hiking app.' }] },
  { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'How about **TrailMate**?' }] },
  { id: 'u2', role: 'user', parts: [{ type: 'text', text: 'Something shorter?' }] },
  { id: 'a2', role: 'assistant', parts: [{ type: 'text', text: '**Hike.**' }] },
]
const branches = { u1: { index: 1, count: 2 }, a2: { index: 0, count: 3 } }

let style: HTMLStyleElement | undefined

afterEach(() => {
  cleanup()
  style?.remove()
})

function renderChat(colorScheme: 'light' | 'dark') {
  style = document.createElement('style')
  style.textContent = theme
  document.head.append(style)
  return render(
    <div className="ras-root" data-theme={colorScheme} style={{ height: 520, display: 'flex', padding: 16 }}>
      <MessageList
        messages={messages}
        branches={branches}
        onEditMessage={() => {}}
        onSwitchBranch={() => {}}
        style={{ flex: 1 }}
      />
    </div>,
  )
}

async function violations(element: Element): Promise<string[]> {
  const results = await axe.run(element)
  return results.violations.map((violation) => `${violation.id}: ${violation.nodes.length}`)
}

describe('branching UI in Chromium', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`passes axe with version pickers and the inline editor open (${colorScheme} theme)`, async () => {
      const { container } = renderChat(colorScheme)
      expect(await violations(container)).toEqual([])
      await userEvent.click(screen.getAllByRole('button', { name: 'Edit' })[1] as HTMLElement)
      expect(screen.getByRole('textbox', { name: 'Edit message' })).toHaveFocus()
      expect(await violations(container)).toEqual([])
    })
  }

  it('shows a visible focus ring on the picker and Edit buttons when reached by keyboard', async () => {
    renderChat('light')
    const previous = screen.getAllByRole('button', { name: 'Previous version' })[0] as HTMLElement
    const log = screen.getByRole('log')
    log.focus()
    // Tab order: the log, then the first message's picker (previous, next), then its Edit button.
    await userEvent.tab()
    expect(previous).toHaveFocus()
    expect(getComputedStyle(previous).outlineStyle).toBe('solid')
    await userEvent.tab()
    await userEvent.tab()
    const edit = screen.getAllByRole('button', { name: 'Edit' })[0] as HTMLElement
    expect(edit).toHaveFocus()
    expect(getComputedStyle(edit).outlineStyle).toBe('solid')
  })

  it('shows "2 / 2" to the eye and keeps "Version 2 of 2" for screen readers only', () => {
    renderChat('light')
    const count = screen.getAllByText('2 / 2')[0] as HTMLElement
    expect(count.getBoundingClientRect().width).toBeGreaterThan(10)
    const spoken = screen.getByText('Version 2 of 2')
    expect(spoken.getBoundingClientRect().width).toBeLessThanOrEqual(1)
  })
})
