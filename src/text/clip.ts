/**
 * A value quoted in a one-line message (a path, a command, an image), cut in the middle when long: the finding's
 * range marks the whole text in the source, so the message only has to name it.
 */
export function clip(text: string, max = 48): string {
  if (text.length <= max) return text;
  const head = Math.ceil((max - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`;
}
