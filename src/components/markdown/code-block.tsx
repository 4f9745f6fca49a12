import {
  type ComponentPropsWithoutRef,
  cloneElement,
  isValidElement,
  type ReactElement,
  type ReactNode,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react'
import type { CodeHighlighter } from '../../markdown/highlight/highlight.js'
import { extendsText } from '../../markdown/text.js'
import { type Element, textOf } from '../../markdown/tree/hast.js'
import {
  createLineGrouper,
  type HighlightedLine,
  renderLineGroups,
  renderLines,
  settledLines,
  useLineGroupStyle,
} from './code-lines.js'
import { useMarkdownStreaming } from './streaming-context.js'

interface Highlighted {
  readonly source: string
  readonly language: string
  readonly lines: readonly HighlightedLine[]
  readonly state: unknown
}

/** Highlights only lines that completed since the last run; the open last line stays plain text. */
function useIncrementalHighlight(
  code: string,
  language: string,
  streaming: boolean,
  highlighter: CodeHighlighter | undefined,
): Highlighted | undefined {
  const complete = streaming ? settledLines(code) : code
  const [highlighted, setHighlighted] = useState<Highlighted | undefined>(undefined)
  const usable =
    highlighted && highlighted.language === language && extendsText(complete, highlighted.source)
      ? highlighted
      : undefined
  useEffect(() => {
    if (!highlighter || !language) return
    const rest = complete.slice(usable?.source.length ?? 0)
    if (rest.length === 0) return
    let cancelled = false
    highlighter
      .tokenize(rest, language, usable?.state)
      .then((result) => {
        if (cancelled || !result) return
        setHighlighted({
          source: (usable?.source ?? '') + rest,
          language,
          lines: [...(usable?.lines ?? []), ...result.lines],
          state: result.state,
        })
      })
      .catch(() => undefined)
    return () => {
      cancelled = true
    }
  }, [complete, language, highlighter, usable])
  return usable
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false)
  useEffect(() => {
    if (!copied) return
    const timer = setTimeout(() => setCopied(false), 1500)
    return () => clearTimeout(timer)
  }, [copied])
  return (
    <button
      type="button"
      className="ras-code-copy"
      data-copied={copied ? 'true' : undefined}
      aria-label={copied ? 'Copied' : label}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(
          () => setCopied(true),
          () => undefined,
        )
      }}
    >
      {copied ? 'Copied' : label}
    </button>
  )
}

export interface CodeBlockProps extends ComponentPropsWithoutRef<'pre'> {
  node?: Element | undefined
  highlighter?: CodeHighlighter | undefined
  copyLabel?: string | undefined
}

/** The `code` element of a plain code block: one text node (the code), then at most a caret. */
function plainCode(children: ReactNode, text: string): ReactElement<{ children?: ReactNode }> | undefined {
  if (!isValidElement<{ children?: ReactNode }>(children) || children.type !== 'code') return undefined
  const inner = children.props.children
  const first = Array.isArray(inner) ? inner[0] : inner
  return first === text ? children : undefined
}

/**
 * A fenced code block: language label, copy button, lazily loaded incremental highlighting. While
 * the fence is open only complete lines are (re)highlighted, so nothing flickers, and settled lines
 * sit in groups of elements (see `linesPerGroup`), so an update lays out only the last lines.
 */
export function CodeBlock({ node, highlighter, copyLabel = 'Copy', children, ...rest }: CodeBlockProps) {
  const code = node?.children.find(
    (child): child is Element => child.type === 'element' && child.tagName === 'code',
  )
  const classes = code?.properties.className
  const languageClass = Array.isArray(classes)
    ? classes.map(String).find((name) => name.startsWith('language-'))
    : undefined
  const language = languageClass?.slice('language-'.length) ?? ''
  const text = code ? textOf(code) : ''
  const streaming = (rest as Record<string, unknown>)['data-streaming'] === 'true'
  // The block, not only the pre: in a blockquote the pre's mark comes and goes with each `> `.
  const open = useMarkdownStreaming() || streaming
  const highlighted = useIncrementalHighlight(text, language, open, highlighter)
  const preRef = useRef<HTMLPreElement>(null)
  const groupStyle = useLineGroupStyle(preRef, open)
  const grouper = useMemo(() => createLineGrouper(), [])
  const groups = groupStyle ? grouper.group(settledLines(text)) : undefined
  const plain = highlighted ? undefined : plainCode(children, text)
  let content: ReactNode = children
  if (highlighted) {
    content = (
      <code className={languageClass} data-highlighted="true">
        {groups && groupStyle
          ? renderLineGroups(text, groups, highlighted.lines, groupStyle)
          : renderLines(text, highlighted.lines)}
      </code>
    )
  } else if (plain && groups && groupStyle) {
    // The caret (and anything else after the text) stays after the tail, keyed as it was.
    const inner = plain.props.children
    const after = Array.isArray(inner) ? inner.slice(1) : []
    content = cloneElement(plain, undefined, [...renderLineGroups(text, groups, [], groupStyle), ...after])
  }
  return (
    <div
      className="ras-code-block"
      data-language={language || undefined}
      data-streaming={streaming ? 'true' : undefined}
    >
      <div className="ras-code-header">
        {language ? <span className="ras-code-language">{language}</span> : null}
        <CopyButton text={text} label={copyLabel} />
      </div>
      <pre {...rest} ref={preRef}>
        {content}
      </pre>
    </div>
  )
}
