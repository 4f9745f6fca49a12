/**
 * Chunk boundaries of 2-8 characters from a seeded generator: how the markdown tests and the
 * markdown bench stream a text, so both cut it the same way for the same seed.
 */
export function chunkEnds(length: number, seed = 1): number[] {
  let state = seed
  const ends: number[] = []
  for (let end = 0; end < length; ) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    end = Math.min(length, end + 2 + (state % 7))
    ends.push(end)
  }
  return ends
}
