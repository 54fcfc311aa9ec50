/**
 * The wording of a questionnaire that every respondent reads, each piece with its path in the saved input and a
 * Chinese name a person can find in the builder ("第2页第3题的标题"), so the survey function can pass it through
 * WeChat's content check before storing it (issue 10, UGC) and point the builder at the piece refused. Ids, option
 * values, tags and conditions are not listed: nobody reads them.
 */
import type { Question, SurveyDefinition } from './definition'

export interface WordingPiece {
  /** Dot path from the saved input, e.g. `definition.pages.1.questions.2.title`. */
  field: string
  label: string
  text: string | undefined
}

function questionWording(q: Question, path: string, name: string): WordingPiece[] {
  const pieces: WordingPiece[] = [
    { field: `${path}.title`, label: `${name}的标题`, text: q.title },
    { field: `${path}.description`, label: `${name}的说明`, text: q.description }
  ]
  switch (q.type) {
    case 'single':
    case 'multi':
      q.options.forEach((o, i) => pieces.push({ field: `${path}.options.${i}.label`, label: `${name}第${i + 1}个选项`, text: o.label }))
      break
    case 'number':
      pieces.push({ field: `${path}.unit`, label: `${name}的单位`, text: q.unit })
      break
    case 'rating':
      pieces.push({ field: `${path}.lowLabel`, label: `${name}的最低分说明`, text: q.lowLabel })
      pieces.push({ field: `${path}.highLabel`, label: `${name}的最高分说明`, text: q.highLabel })
      break
    case 'consent':
      pieces.push({ field: `${path}.statement`, label: `${name}的同意内容`, text: q.statement })
      break
    default:
      break
  }
  return pieces
}

/** Every piece of wording of `def`, saved under `prefix` in the input, in the order the builder shows them. */
export function definitionWording(def: SurveyDefinition, prefix = 'definition'): WordingPiece[] {
  const pieces: WordingPiece[] = [
    { field: `${prefix}.title`, label: '问卷标题', text: def.title },
    { field: `${prefix}.intro`, label: '问卷说明', text: def.intro },
    { field: `${prefix}.thanks`, label: '提交后的说明', text: def.thanks }
  ]
  def.pages.forEach((page, p) => {
    const path = `${prefix}.pages.${p}`
    pieces.push({ field: `${path}.title`, label: `第${p + 1}页的标题`, text: page.title })
    pieces.push({ field: `${path}.description`, label: `第${p + 1}页的说明`, text: page.description })
    page.questions.forEach((q, i) => pieces.push(...questionWording(q, `${path}.questions.${i}`, `第${p + 1}页第${i + 1}题`)))
  })
  ;(def.settings.quotas ?? []).forEach((quota, i) =>
    pieces.push({ field: `${prefix}.settings.quotas.${i}.label`, label: `第${i + 1}个名额的名称`, text: quota.label })
  )
  return pieces
}
