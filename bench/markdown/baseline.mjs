// The bundle StreamingMarkdown's size is judged against: react-markdown + remark-gfm alone
// (measured by scripts/check-markdown-overhead.mjs through size-limit).
export { default as Markdown } from 'react-markdown'
export { default as remarkGfm } from 'remark-gfm'
