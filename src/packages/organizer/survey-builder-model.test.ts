/**
 * The builder's edits (survey-builder-model): what a new question of each type starts as, type changes, reordering
 * across pages, delete and 撤销, the show-if rows, where core's problems land, and JSON import.
 */
import { checkDefinition, definitionProblems, QUESTION_TYPES, type Question, type SurveyDefinition } from '@core/survey'
import {
  addOption,
  addPage,
  addQuestion,
  blankDefinition,
  builderProblems,
  canMove,
  changeType,
  conditionOf,
  conditionTargets,
  dependentKeys,
  editableOf,
  exportJson,
  importJson,
  leafFor,
  moveQuestion,
  newQuestion,
  operatorsFor,
  problemKey,
  problemPlace,
  removePage,
  removeQuestion,
  restorePage,
  restoreQuestion,
  updateQuestion
} from './survey-builder-model'

const ids = (def: SurveyDefinition): string[][] => def.pages.map((page) => page.questions.map((q) => q.id))

/** A definition with `types` added to page 1 in order, each titled. */
function build(...types: Question['type'][]): SurveyDefinition {
  let def: SurveyDefinition = { ...blankDefinition(), title: '测试问卷' }
  for (const type of types) {
    const question = newQuestion(def, type)
    def = addQuestion(def, 0, { ...question, title: `题目${question.id}` })
  }
  return def
}

describe('new questions', () => {
  it('numbers ids q1, q2 … and fills the first free one after a delete', () => {
    const def = build('single', 'text', 'multi')
    expect(ids(def)).toEqual([['q1', 'q2', 'q3']])
    const { def: without } = removeQuestion(def, 'q2')
    expect(newQuestion(without, 'note').id).toBe('q2')
  })

  it('every type is valid as soon as it has a title (a location question after a consent it is linked to)', () => {
    for (const type of QUESTION_TYPES) {
      // Beside a question that takes an answer: a questionnaire of only a note is refused on its own.
      let def = type === 'location' ? build('single', 'consent') : build('single')
      def = updateQuestion(def, 'q2', (q) => (q.type === 'consent' ? { ...q, statement: '我们记录大致位置，用于安排服务。' } : q))
      const question = newQuestion(def, type)
      def = addQuestion(def, 0, { ...question, title: '题目', ...(type === 'location' ? { consent: 'q2' } : {}) })
      if (type === 'consent') def = updateQuestion(def, question.id, (q) => (q.type === 'consent' ? { ...q, statement: '同意内容' } : q))
      expect([type, definitionProblems(def)]).toEqual([type, []])
    }
  })

  it('a blank questionnaire is unfinished: no title, no question', () => {
    expect(definitionProblems(blankDefinition()).map((p) => p.field)).toEqual(['title', 'pages.0.questions'])
  })
})

describe('changing type', () => {
  it('keeps the options between single and multi, and drops exclusive on the way to single', () => {
    const def = build('multi')
    const multi = def.pages[0].questions[0]
    if (multi.type !== 'multi') throw new Error('multi expected')
    const withExclusive = { ...multi, options: [...multi.options.slice(0, 1), { ...multi.options[1], exclusive: true }] }
    const single = changeType(withExclusive, 'single')
    expect(single).toMatchObject({ id: 'q1', type: 'single', title: multi.title, options: [{ value: 'o1' }, { value: 'o2' }] })
    expect(single.type === 'single' && single.options.some((o) => 'exclusive' in o)).toBe(false)
  })

  it('drops a personal class the new type cannot carry, and a location question is location', () => {
    const phone: Question = { id: 'q1', type: 'text', title: '手机号', required: true, pii: 'phone', format: 'mobile', maxLength: 100, consent: 'q0' }
    expect(changeType(phone, 'textarea')).toMatchObject({ type: 'textarea', pii: 'none', required: true, consent: 'q0' })
    expect(changeType(phone, 'location')).toMatchObject({ type: 'location', pii: 'location' })
    expect(changeType(phone, 'note')).toMatchObject({ type: 'note', required: false, pii: 'none' })
  })
})

describe('reordering', () => {
  it('moves within a page, and over the page edge to the neighbouring page', () => {
    let def = addPage(build('single', 'text'))
    def = moveQuestion(def, 'q2', -1)
    expect(ids(def)).toEqual([['q2', 'q1'], []])
    def = moveQuestion(def, 'q1', 1)
    expect(ids(def)).toEqual([['q2'], ['q1']])
    def = moveQuestion(def, 'q1', -1)
    expect(ids(def)).toEqual([['q2', 'q1'], []])
    expect(canMove(def, 'q2')).toEqual({ up: false, down: true })
    expect(canMove(def, 'q1')).toEqual({ up: true, down: true })
    expect(moveQuestion(def, 'q2', -1)).toBe(def)
  })

  it('names what a move or delete can make wrong elsewhere', () => {
    let def = build('single', 'consent', 'text', 'text')
    def = updateQuestion(def, 'q3', (q) => ({ ...q, showIf: leafFor(def.pages[0].questions[0], 'eq') }))
    def = updateQuestion(def, 'q4', (q) => ({ ...q, consent: 'q2' }))
    def = { ...def, settings: { ...def.settings, groupQuestion: 'q1' } }
    expect(dependentKeys(def, 'q1')).toEqual(['q:q1', 'q:q3', 'settings'])
    expect(dependentKeys(def, 'q2')).toEqual(['q:q2', 'q:q4'])
    expect(dependentKeys(def, 'q4')).toEqual(['q:q4'])
  })

  it('puts a deleted question back where it was', () => {
    const def = build('single', 'text', 'multi')
    const { def: without, removed } = removeQuestion(def, 'q2')
    expect(ids(without)).toEqual([['q1', 'q3']])
    expect(removed).toBeDefined()
    expect(restoreQuestion(without, removed!)).toEqual(def)
  })

  it('deletes a page with its questions and puts it back; the last page stays', () => {
    const def = addQuestion(addPage(build('single')), 1, { ...newQuestion(build('single'), 'text'), id: 'q9', title: '第二页的题' })
    const { def: without, removed } = removePage(def, 0)
    expect(ids(without)).toEqual([['q9']])
    expect(restorePage(without, removed!)).toEqual(def)
    expect(removePage(without, 0).removed).toBeUndefined()
  })

  it('new options take the first free value, so values never change meaning', () => {
    const options = addOption([{ value: 'o1', label: 'A' }, { value: 'o3', label: 'C' }])
    expect(options.map((o) => o.value)).toEqual(['o1', 'o3', 'o2'])
  })
})

describe('show-if rows', () => {
  const def = build('single', 'multi', 'number', 'note', 'text')
  const single = def.pages[0].questions[0]
  const multi = def.pages[0].questions[1]

  it('offers the earlier questions that take an answer, and the operators that fit each', () => {
    expect(conditionTargets(def, 'q5').map((q) => q.id)).toEqual(['q1', 'q2', 'q3'])
    expect(operatorsFor(single)).toContain('in')
    expect(operatorsFor(multi)).toEqual(['has', 'notHas', 'hasAll', 'answered', 'empty'])
  })

  it('makes a valid row for each operator, keeping the value when the operator changes', () => {
    const eq = leafFor(single, 'eq')
    expect(eq).toEqual({ op: 'eq', question: 'q1', value: 'o1' })
    expect(leafFor(single, 'in', eq)).toEqual({ op: 'in', question: 'q1', values: ['o1'] })
    expect(leafFor(multi, 'hasAll', leafFor(multi, 'has'))).toEqual({ op: 'hasAll', question: 'q2', values: ['o1'] })
    for (const question of [single, multi]) {
      for (const op of operatorsFor(question)) {
        const shown = updateQuestion(def, 'q5', (q) => ({ ...q, showIf: leafFor(question, op) }))
        expect([op, definitionProblems(shown)]).toEqual([op, []])
      }
    }
  })

  it('round-trips one row, several rows, and refuses deeper nesting', () => {
    const row = leafFor(single, 'eq')
    const other = leafFor(multi, 'has')
    expect(editableOf(undefined)).toEqual({ join: 'all', rows: [] })
    expect(conditionOf({ join: 'all', rows: [] })).toBeUndefined()
    expect(conditionOf(editableOf(row)!)).toEqual(row)
    const any = { op: 'any' as const, of: [row, other] }
    expect(conditionOf(editableOf(any)!)).toEqual(any)
    expect(editableOf({ op: 'all', of: [row, any] })).toBeUndefined()
    expect(editableOf({ op: 'not', of: row })).toBeUndefined()
  })
})

describe('problems in place', () => {
  it('keys a problem by the question it is about, whatever its position', () => {
    const def = moveQuestion(build('single', 'text'), 'q2', -1)
    expect(problemKey(def, 'pages.0.questions.0.title')).toBe('q:q2')
    expect(problemKey(def, 'pages.0.questions.1.options.0.label')).toBe('q:q1')
    expect(problemKey(def, 'pages.0.questions')).toBe('page:p1')
    expect(problemKey(def, 'settings.closeAt')).toBe('settings')
    expect(problemKey(def, 'title')).toBe('meta')
    expect(problemPlace(def, 'pages.0.questions.1.title')).toBe('第1页 第2题（q1）')
  })

  it('words a problem for beside its field, without its place', () => {
    const def = updateQuestion(build('single', 'text'), 'q2', (q) => ({ ...q, title: '' }))
    expect(builderProblems({ ...def, title: '' }).map((p) => [p.field, p.message])).toEqual([
      ['title', '请填写问卷标题'],
      ['pages.0.questions.1.title', '请填写标题']
    ])
    const settings = builderProblems({ ...build('text'), settings: { limit: 'unlimited', channels: [] } })
    expect(settings.map((p) => [p.field, p.message])).toEqual([['settings.channels', '请至少填写一项填写方式']])
  })

  it('refuses, for a published questionnaire, a question changing type under its answers', () => {
    const published = build('single', 'text')
    const edited = updateQuestion(published, 'q2', (q) => ({ ...changeType(q, 'textarea'), title: q.title }))
    expect(definitionProblems(edited)).toEqual([])
    expect(builderProblems(edited, published)).toEqual([expect.objectContaining({ field: 'pages.0.questions.1.type' })])
    expect(builderProblems(edited)).toEqual([])
  })
})

describe('JSON', () => {
  it('exports what it imports', () => {
    const def = build('single', 'rating')
    const imported = importJson(exportJson(def))
    expect(imported).toEqual({ ok: true, definition: def, problems: [] })
    expect(checkDefinition(def).ok).toBe(true)
  })

  it('loads a definition with problems, listing them, and refuses text that is no definition', () => {
    const broken = { ...build('single'), title: '' }
    const imported = importJson(JSON.stringify(broken))
    expect(imported.ok && imported.problems.map((p) => p.field)).toEqual(['title'])
    const refusal = (text: string): string => {
      const result = importJson(text)
      return result.ok ? 'loaded' : result.message
    }
    expect(refusal('{"title": "x", ')).toContain('不是有效的 JSON')
    expect(refusal('[1, 2]')).toContain('不是问卷定义')
    expect(refusal('{"title":"x","pages":[{"questions":[]}],"settings":{}}')).toContain('每一页要有 id')
    expect(refusal('{"title":"x","pages":[{"id":"p1","questions":[{"id":"q1","type":"slider"}]}],"settings":{}}')).toContain('题型')
  })

  it('fills what the cards read into a definition with problems, and defaults into a valid one', () => {
    const imported = importJson('{"title":"x","pages":[{"id":"p1","questions":[{"id":"q1","type":"single","title":"身份"}]}],"settings":{}}')
    expect(imported.ok && imported.definition.pages[0].questions[0]).toEqual({ id: 'q1', type: 'single', title: '身份', required: false, pii: 'none', options: [] })
    expect(imported.ok && imported.problems.map((p) => p.field).sort()).toEqual(['pages.0.questions.0.options', 'settings.channels', 'settings.limit'])
    const valid = importJson('{"title":"x","pages":[{"id":"p1","questions":[{"id":"q1","type":"text","title":"称呼"}]}],"settings":{"limit":"unlimited","channels":["self"]}}')
    expect(valid.ok && valid.definition.pages[0].questions[0]).toEqual({ id: 'q1', type: 'text', title: '称呼', required: false, pii: 'none', maxLength: 100 })
  })
})
