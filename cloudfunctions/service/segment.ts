/**
 * Chinese word segmentation for need and service texts, with @node-rs/jieba (jieba-rs, a maintained segmenter with
 * prebuilt binaries): the tokens are stored on the document (`tokens`) and core/matching compares them (text relevance,
 * duplicates, category suggestions). The taxonomy's words (拖欠工资, 找对象, 课后托管 …) are added to the dictionary, so
 * a term the matcher knows stays one token instead of depending on core rejoining pieces.
 *
 * Loading the dictionary is the costly part of a cold start (about half a second), so it happens on the first text to
 * segment, not at module load: actions that never segment (lists, figures, provider steps) start without it. The
 * package is declared in this function's package.json, so the bundler leaves it external and CloudBase installs it.
 */
import { Jieba } from '@node-rs/jieba'
import { KNOWN_TERMS } from '@core/survey'

/** How often jieba should prefer a taxonomy word to its pieces (the default dictionary's frequent words are ~10⁴–10⁵). */
const TERM_FREQUENCY = 20_000

let segmenter: Jieba | undefined

function jieba(): Jieba {
  if (!segmenter) {
    // Required here, not imported: the dictionary is a 5 MB file read only when something is segmented.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose (cold start)
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array }
    const loaded = Jieba.withDict(dict)
    loaded.loadDict(Buffer.from([...KNOWN_TERMS].map((term) => `${term} ${TERM_FREQUENCY}`).join('\n'), 'utf8'))
    segmenter = loaded
  }
  return segmenter
}

/** The words of `text` as stored in `tokens` (core normalizes them when comparing). */
export const segment = (text: string): string[] => jieba().cut(text, true).filter((word) => word.trim() !== '')
