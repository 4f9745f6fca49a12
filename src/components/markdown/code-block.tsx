import { type ComponentPropsWithoutRef, type ReactNode, useEffect, useState } from 'react'
import { extendsText } from '../../markdown/text.js'
import { type Element, textOf } from './hast.js'
import type { CodeHighlighter, HighlightToken } from './highlight.js'

interface Highlighted {
  readonly source: string
  readonly language: string
  readonly lines: readonly (readonly HighlightToken[])[]
  readonly state: unknown
}

/** Highlights only lines that completed since the last run; the open last line stays plain text. */
function useIncrementalHighlight(
  code: string,
  language: string,
  streaming: boolean,
  highlighter: CodeHighlighter | undefined,
): Highlighted | undefined {
  // The code text always ends with a newline; while streaming the line before it may be partial.
  const body = streaming && code.endsWith('\n') ? code.slice(0, -1) : code
  const complete = streaming ? body.slice(0, body.lastIndexOf('\n') + 1) : code
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

function renderTokens(highlighted: Highlighted, code: string): ReactNode[] {
  const nodes: ReactNode[] = []
  highlighted.lines.forEach((line, lineIndex) => {
    line.forEach((token, tokenIndex) => {
      const style =
        token.color || token.fontStyle
          ? {
              color: token.color,
              fontStyle: token.fontStyle === 'italic' ? 'italic' : undefined,
              fontWeight: token.fontStyle === 'bold' ? 'bold' : undefined,
              textDecoration: token.fontStyle === 'underline' ? 'underline' : undefined,
            }
          : undefined
      nodes.push(
        // biome-ignore lint/suspicious/noArrayIndexKey: lines only ever grow at the end
        <span key={`${lineIndex}:${tokenIndex}`} style={style}>
          {token.content}
        </span>,
      )
    })
    if (lineIndex < highlighted.lines.length - 1 || highlighted.source.endsWith('\n')) nodes.push('\n')
  })
  const rest = code.slice(highlighted.source.length)
  if (rest) nodes.push(rest)
  return nodes
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

/**
 * A fenced code block: language label, copy button, lazily loaded incremental highlighting. While
 * the fence is open only complete lines are (re)highlighted, so nothing flickers.
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
  const highlighted = useIncrementalHighlight(text, language, streaming, highlighter)
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
      <pre {...rest}>
        {highlighted ? (
          <code className={languageClass} data-highlighted="true">
            {renderTokens(highlighted, text)}
          </code>
        ) : (
          children
        )}
      </pre>
    </div>
  )
}
