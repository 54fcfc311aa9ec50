/**
 * WeChat's content check (security.msgSecCheck v2) for text other people will read, the one path every function
 * takes before storing such text (issue 10, UGC): a nickname, a need, a course or service page, a note on a referral,
 * a questionnaire's wording. A refusal is CONTENT_RISKY naming the field, so the form can point at it, and the
 * action stops before it writes anything.
 *
 * One call checks all the texts of a write together in the common (clean) case; only when that call objects is each
 * text checked alone, to name the field. WeChat reads at most MSG_SEC_CHECK_MAX characters a call, so longer content
 * goes in several calls, whose pieces overlap so a word is never cut in two unseen.
 */
import { DomainError } from '@core/api/result'
import { charLength } from '@core/schema'
import { openapi } from './cloud'

/** msgSecCheck v2 scenes: 1 资料 (profile), 2 评论, 3 论坛, 4 社交日志. */
export type TextScene = 1 | 2 | 3 | 4

/** The most characters WeChat checks in one call. */
export const MSG_SEC_CHECK_MAX = 2500

/** Characters each piece of a long text shares with the next: longer than any word on a risk list. */
const PIECE_OVERLAP = 32

/** A text other people will read, with the input path and Chinese name of the field it came from. */
export interface ShownText {
  readonly field: string
  readonly label: string
  readonly text: string | undefined
}

/** What a person reads when a text of theirs is refused. */
export const riskyTextMessage = (label: string): string => `${label}含有不适合公开的内容，请修改后再提交`

/**
 * True only when WeChat says 'pass' for content of at most MSG_SEC_CHECK_MAX characters; 'review' and 'risky' both
 * count as not safe. The function's config.json must declare the openapi permission.
 */
async function passes(content: string, openid: string, scene: TextScene): Promise<boolean> {
  const res = await openapi.security.msgSecCheck({ content, version: 2, scene, openid })
  return res?.result?.suggest === 'pass'
}

/** A text cut into pieces WeChat accepts, each overlapping the next. */
function pieces(text: string): string[] {
  const chars = Array.from(text)
  if (chars.length <= MSG_SEC_CHECK_MAX) return [text]
  const out: string[] = []
  for (let start = 0; start < chars.length; start += MSG_SEC_CHECK_MAX - PIECE_OVERLAP) {
    out.push(chars.slice(start, start + MSG_SEC_CHECK_MAX).join(''))
    if (start + MSG_SEC_CHECK_MAX >= chars.length) break
  }
  return out
}

/** Whether WeChat passes the whole text, however long. */
async function isTextSafe(text: string, openid: string, scene: TextScene): Promise<boolean> {
  const verdicts = await Promise.all(pieces(text).map((piece) => passes(piece, openid, scene)))
  return verdicts.every(Boolean)
}

/** The texts in groups whose joined content fits one call (a longer text makes a group of its own). */
function groups(texts: readonly ShownText[]): ShownText[][] {
  const out: ShownText[][] = []
  let current: ShownText[] = []
  let size = 0
  for (const t of texts) {
    const length = charLength(t.text ?? '') + 1
    if (current.length > 0 && size + length > MSG_SEC_CHECK_MAX) {
      out.push(current)
      current = []
      size = 0
    }
    current.push(t)
    size += length
  }
  if (current.length > 0) out.push(current)
  return out
}

const joined = (group: readonly ShownText[]): string => group.map((t) => t.text).join('\n')

/**
 * CONTENT_RISKY naming the first field WeChat objects to, unless it passes every non-empty text. Call it before the
 * action writes anything.
 */
export async function requireShownTextsSafe(texts: readonly ShownText[], openid: string, scene: TextScene = 2): Promise<void> {
  const present = texts.filter((t) => t.text !== undefined && t.text.trim() !== '')
  if (present.length === 0) return
  const batches = groups(present)
  const verdicts = await Promise.all(batches.map((group) => isTextSafe(joined(group), openid, scene)))
  const suspects = batches.filter((_, i) => !verdicts[i]).flat()
  if (suspects.length === 0) return
  const alone = suspects.length === 1 ? [false] : await Promise.all(suspects.map((t) => isTextSafe(t.text ?? '', openid, scene)))
  // Nothing objected to alone: the words that did straddle two fields, and the first of them is named.
  const risky = suspects.find((_, i) => !alone[i]) ?? suspects[0]
  throw new DomainError('CONTENT_RISKY', riskyTextMessage(risky.label), risky.field)
}
