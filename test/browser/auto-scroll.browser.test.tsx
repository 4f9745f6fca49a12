import { render } from '@testing-library/react'
import { useEffect, useState } from 'react'
import { useAutoScroll } from 'react-agent-stream'

const growth = new EventTarget()
const grow = (lines: number) => growth.dispatchEvent(new CustomEvent('grow', { detail: lines }))

function Feed() {
  const { scrollRef, contentRef, isFollowing, scrollToBottom } = useAutoScroll<HTMLDivElement>()
  const [lines, setLines] = useState(5)
  useEffect(() => {
    const onGrow = (event: Event) => setLines((count) => count + (event as CustomEvent<number>).detail)
    growth.addEventListener('grow', onGrow)
    return () => growth.removeEventListener('grow', onGrow)
  }, [])
  return (
    <div>
      <div ref={scrollRef} data-testid="scroller" style={{ height: 200, overflowY: 'auto' }}>
        <div ref={contentRef}>
          {Array.from({ length: lines }, (_, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a static list of lines
            <p key={index} style={{ height: 40, margin: 0 }}>
              line {index}
            </p>
          ))}
        </div>
      </div>
      <output data-testid="following">{isFollowing ? 'following' : 'paused'}</output>
      <button type="button" onClick={() => scrollToBottom()}>
        Jump to latest
      </button>
    </div>
  )
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
const distanceFromBottom = (element: HTMLElement) =>
  element.scrollHeight - element.scrollTop - element.clientHeight

describe('useAutoScroll in real Chromium', () => {
  it('follows the bottom as content grows', async () => {
    const { getByTestId } = render(<Feed />)
    const scroller = getByTestId('scroller')
    grow(20)
    await expect.poll(() => scroller.scrollHeight).toBe(1000)
    await expect.poll(() => distanceFromBottom(scroller)).toBeLessThanOrEqual(1)
  })

  it('stops following when the user scrolls up, and resumes at the bottom', async () => {
    const { getByTestId } = render(<Feed />)
    const scroller = getByTestId('scroller')
    grow(30)
    await expect.poll(() => scroller.scrollHeight).toBe(1400)
    await expect.poll(() => distanceFromBottom(scroller)).toBeLessThanOrEqual(1)
    scroller.scrollTop = 100
    await expect.poll(() => getByTestId('following').textContent).toBe('paused')
    grow(10)
    await expect.poll(() => scroller.scrollHeight).toBe(1800)
    await nextFrame()
    expect(scroller.scrollTop).toBe(100)

    scroller.scrollTop = scroller.scrollHeight
    await expect.poll(() => getByTestId('following').textContent).toBe('following')
    grow(10)
    await expect.poll(() => scroller.scrollHeight).toBe(2200)
    await expect.poll(() => distanceFromBottom(scroller)).toBeLessThanOrEqual(1)
  })

  it('follows content whose height changes without new items (a code block, an image)', async () => {
    const { getByTestId } = render(<Feed />)
    const scroller = getByTestId('scroller')
    grow(10)
    await expect.poll(() => scroller.querySelectorAll('p').length).toBe(15)
    const last = scroller.querySelector('p:last-child') as HTMLElement
    last.style.height = '400px'
    await expect.poll(() => scroller.scrollHeight).toBe(960)
    await expect.poll(() => distanceFromBottom(scroller)).toBeLessThanOrEqual(1)
  })

  it('jumps to the latest content and follows again', async () => {
    const { getByTestId, getByRole } = render(<Feed />)
    const scroller = getByTestId('scroller')
    grow(30)
    await expect.poll(() => scroller.scrollHeight).toBe(1400)
    await expect.poll(() => distanceFromBottom(scroller)).toBeLessThanOrEqual(1)
    scroller.scrollTop = 0
    await expect.poll(() => getByTestId('following').textContent).toBe('paused')
    getByRole('button', { name: 'Jump to latest' }).click()
    await expect.poll(() => distanceFromBottom(scroller)).toBeLessThanOrEqual(1)
    expect(getByTestId('following').textContent).toBe('following')
  })
})
