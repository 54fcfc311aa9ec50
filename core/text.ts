/**
 * Text as people read it. A string's first UTF-16 unit is half of an emoji, which rendered as "�" on avatars and
 * cover initials; a reader's first character can be several code points (an emoji with a skin tone or variation
 * selector, a family joined by zero-width joiners, a flag). The runtime's grapheme segmenter is not on every
 * mini-program engine, so the few joining rules a name or title needs are written out here.
 */

const ZERO_WIDTH_JOINER = 0x200d

/** Code points that attach to the one before: combining marks, variation selectors, skin tones, keycaps, tags. */
function attaches(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xfe20 && cp <= 0xfe2f) ||
    (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
    (cp >= 0xe0020 && cp <= 0xe007f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  )
}

const isRegionalIndicator = (cp: number): boolean => cp >= 0x1f1e6 && cp <= 0x1f1ff

/** The first character a reader sees in `text` (surrounding spaces ignored); '' for blank text. */
export function firstCharacter(text: string): string {
  const points = Array.from(text.trim())
  if (points.length === 0) return ''
  const at = (i: number): number => points[i].codePointAt(0) as number
  // Two regional indicators are one flag.
  let end = points.length > 1 && isRegionalIndicator(at(0)) && isRegionalIndicator(at(1)) ? 2 : 1
  while (end < points.length) {
    if (attaches(at(end))) end++
    else if (at(end) === ZERO_WIDTH_JOINER && end + 1 < points.length) end += 2
    else break
  }
  return points.slice(0, end).join('')
}
