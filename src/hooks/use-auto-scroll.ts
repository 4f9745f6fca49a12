import { useCallback, useEffect, useRef, useState } from 'react'

export interface AutoScrollOptions {
  /** Distance from the bottom, in px, that still counts as "at the bottom". @default 48 */
  threshold?: number
  /** Follow new content at all. @default true */
  enabled?: boolean
}

export const DEFAULT_AUTO_SCROLL_OPTIONS = Object.freeze({
  threshold: 48,
  enabled: true,
})

export interface AutoScrollResult<T extends HTMLElement> {
  /** Attach to the scrolling container. */
  scrollRef: (element: T | null) => void
  /** Attach to the element whose height grows (the content inside the container). */
  contentRef: (element: HTMLElement | null) => void
  /** True while the view follows new content (the user has not scrolled away). */
  isFollowing: boolean
  /** Scrolls to the newest content and follows it again: the "jump to latest" affordance. */
  scrollToBottom: (behavior?: ScrollBehavior) => void
}

/**
 * Follows the bottom while content streams; stops as soon as the user scrolls up; follows again
 * when they come back to the bottom. Height changes of any kind (a code block, an image loading)
 * are seen through a ResizeObserver, so following survives content that grows without new text.
 */
export function useAutoScroll<T extends HTMLElement = HTMLDivElement>(
  options: AutoScrollOptions = {},
): AutoScrollResult<T> {
  const { threshold = DEFAULT_AUTO_SCROLL_OPTIONS.threshold, enabled = DEFAULT_AUTO_SCROLL_OPTIONS.enabled } =
    options
  const [container, setContainer] = useState<T | null>(null)
  const [content, setContent] = useState<HTMLElement | null>(null)
  const [isFollowing, setIsFollowing] = useState(true)
  const following = useRef(true)
  const lastScrollTop = useRef(0)

  const follow = useCallback((value: boolean) => {
    following.current = value
    setIsFollowing(value)
  }, [])

  const scrollToBottom = useCallback(
    (behavior: ScrollBehavior = 'auto') => {
      if (!container) return
      follow(true)
      container.scrollTo({ top: container.scrollHeight, behavior })
    },
    [container, follow],
  )

  useEffect(() => {
    if (!container) return
    const onScroll = () => {
      const top = container.scrollTop
      const distance = container.scrollHeight - top - container.clientHeight
      // Any move up is the user leaving, except content that shrinks and clamps scrollTop: that
      // leaves the view at the very bottom. Coming back down near the bottom follows again.
      if (top < lastScrollTop.current - 1 && distance > 1) {
        if (following.current) follow(false)
      } else if (top > lastScrollTop.current && distance <= threshold && !following.current) {
        follow(true)
      }
      lastScrollTop.current = top
    }
    container.addEventListener('scroll', onScroll, { passive: true })
    return () => container.removeEventListener('scroll', onScroll)
  }, [container, threshold, follow])

  useEffect(() => {
    if (!container || !enabled || typeof ResizeObserver === 'undefined') return
    const stick = () => {
      if (!following.current) return
      container.scrollTo({ top: container.scrollHeight })
      lastScrollTop.current = container.scrollTop
    }
    const observer = new ResizeObserver(stick)
    observer.observe(container)
    if (content) observer.observe(content)
    stick()
    return () => observer.disconnect()
  }, [container, content, enabled])

  return { scrollRef: setContainer, contentRef: setContent, isFollowing, scrollToBottom }
}
