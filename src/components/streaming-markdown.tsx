import Markdown from 'react-markdown'
import remarkGfm from 'remark-gfm'

// Foundation placeholder: the incremental renderer lands with the StreamingMarkdown issue.
export interface StreamingMarkdownProps {
  /** The markdown text so far. */
  content: string
  /** True while more text may arrive. */
  streaming?: boolean
}

export function StreamingMarkdown({ content, streaming = false }: StreamingMarkdownProps) {
  return (
    <div data-streaming={streaming ? 'true' : 'false'} className="ras-markdown">
      <Markdown remarkPlugins={[remarkGfm]}>{content}</Markdown>
    </div>
  )
}
