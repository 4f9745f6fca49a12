import { createContext, useContext } from 'react'

export const BlockStreamingContext = /* @__PURE__ */ createContext(false)

/**
 * True inside the block that is still streaming (the last one while `streaming` is set). Elements
 * holding the end of the text also carry `data-streaming="true"`, which custom components receive.
 */
export function useMarkdownStreaming(): boolean {
  return useContext(BlockStreamingContext)
}
