import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Composer, StopButton } from 'react-agent-stream'

describe('Composer', () => {
  it('sends on Enter and clears the box', async () => {
    const user = userEvent.setup()
    const onSend = vi.fn()
    render(<Composer onSend={onSend} />)
    const box = screen.getByRole('textbox', { name: 'Message' })
    await user.type(box, 'Hello{Enter}')
    expect(onSend).toHaveBeenCalledExactlyOnceWith('Hello')
    expect(box).toHaveValue('')
  })

  it('adds a line on Shift+Enter instead of sending', async () => {
    const user = userEvent.setup()
    const onSend = vi.fn()
    render(<Composer onSend={onSend} />)
    const box = screen.getByRole('textbox', { name: 'Message' })
    await user.type(box, 'one{Shift>}{Enter}{/Shift}two')
    expect(onSend).not.toHaveBeenCalled()
    expect(box).toHaveValue('one\ntwo')
  })

  it('does not send empty or whitespace-only text', async () => {
    const user = userEvent.setup()
    const onSend = vi.fn()
    render(<Composer onSend={onSend} />)
    await user.type(screen.getByRole('textbox'), '   {Enter}')
    expect(onSend).not.toHaveBeenCalled()
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled()
  })

  it('switches Send to Stop while a response streams', async () => {
    const user = userEvent.setup()
    const onStop = vi.fn()
    const onSend = vi.fn()
    const { rerender } = render(<Composer onSend={onSend} onStop={onStop} status="streaming" />)
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull()
    await user.type(screen.getByRole('textbox'), 'next{Enter}')
    expect(onSend).not.toHaveBeenCalled()
    await user.click(screen.getByRole('button', { name: 'Stop' }))
    expect(onStop).toHaveBeenCalledOnce()
    rerender(<Composer onSend={onSend} onStop={onStop} status="complete" />)
    expect(screen.getByRole('button', { name: 'Send' })).toBeEnabled()
  })

  it('is disabled as a whole when told so', () => {
    render(<Composer onSend={() => {}} disabled />)
    expect(screen.getByRole('textbox')).toBeDisabled()
  })
})

describe('StopButton', () => {
  it('is enabled only while a response is in flight', () => {
    const { rerender } = render(<StopButton onStop={() => {}} status="idle" />)
    expect(screen.getByRole('button', { name: 'Stop' })).toBeDisabled()
    for (const status of ['submitted', 'streaming', 'reconnecting'] as const) {
      rerender(<StopButton onStop={() => {}} status={status} />)
      expect(screen.getByRole('button', { name: 'Stop' })).toBeEnabled()
    }
  })
})
