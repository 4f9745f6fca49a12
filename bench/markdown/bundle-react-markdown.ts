export { default as Markdown } from 'react-markdown'
export { default as remarkGfm } from 'remark-gfm'
