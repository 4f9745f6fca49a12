// The wrong-frame metric, shared by the markdown tests (jsdom) and the corpus bench (Chromium page).
// A frame is wrong when its visible text is not a prefix of the final render's visible text, and
// non-monotonic when it is not an extension of the previous frame's.

/** Counts of frames whose text is not a prefix of the final text, or not an extension of the previous frame's. */
export interface FrameCounts {
  frames: number
  wrong: number
  nonMonotonic: number
}

/** Visible text as a reader sees it (whitespace collapsed). */
export function collapseText(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/** Adds one frame to `counts`: `previous` is the last frame's visible text ('' before the first). */
export function countFrame(counts: FrameCounts, final: string, previous: string, current: string): void {
  counts.frames += 1
  if (!final.startsWith(current)) counts.wrong += 1
  if (!current.startsWith(previous)) counts.nonMonotonic += 1
}
