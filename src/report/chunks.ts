/**
 * Joins the many small pieces a formatter makes into chunks of about 64 KiB: a report of 100,000 findings is
 * written a chunk at a time instead of being held as one string (and the copies building it takes).
 */
export function* chunked(pieces: Iterable<string>, size: number = 1 << 16): Generator<string> {
  let text = '';
  for (const piece of pieces) {
    text += piece;
    if (text.length >= size) {
      yield text;
      text = '';
    }
  }
  if (text !== '') yield text;
}
