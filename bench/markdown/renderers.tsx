// The renderers the markdown benches compare, each as a user would stream with it: StreamingMarkdown
// with `streaming`, react-markdown + remark-gfm re-rendering the raw text, Streamdown in its
// streaming mode.
import Markdown from 'react-markdown'
import remarkGfm from 'remark-gfm'
import { Streamdown } from 'streamdown'
import { StreamingMarkdown } from '../../src/components/streaming-markdown.js'

export type RendererName = 'StreamingMarkdown' | 'react-markdown' | 'Streamdown'

export function view(renderer: RendererName, text: string, streaming: boolean) {
  if (renderer === 'StreamingMarkdown') return <StreamingMarkdown content={text} streaming={streaming} />
  if (renderer === 'Streamdown') {
    return (
      <Streamdown mode={streaming ? 'streaming' : 'static'} isAnimating={streaming}>
        {text}
      </Streamdown>
    )
  }
  return <Markdown remarkPlugins={[remarkGfm]}>{text}</Markdown>
}
