/**
 * One question in the builder: collapsed, a card with its number, title, type and show-if in words, and 上移 / 下移 /
 * 删除 (each 44 px, so reordering needs no dragging); opened, every setting its type has — type, title, required,
 * personal-information class with its consent link, format and limits, options with their 需求/资源 tags, show-if.
 *
 * Problems are core's (definitionProblems via the page), each shown under the field its path names; one whose path
 * names no field shown here goes at the foot of the card, so nothing is ever hidden.
 */
import type { ReactNode } from 'react'
import { Input, Picker, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Fail } from '@core/api'
import {
  CONSENT_STATEMENT_MAX,
  describeCondition,
  ENTRY_LIST_LABELS,
  IMAGE_COUNT_MAX,
  OPTION_LABEL_MAX,
  PII_CLASSES,
  PII_INFO,
  QUESTION_TITLE_MAX,
  QUESTION_TYPE_LABELS,
  QUESTION_TYPES,
  RATING_SCALES,
  REGION_LEVEL_NAMES,
  REGION_LEVELS,
  TAXONOMY,
  taxonomyLabel,
  parseTag,
  TEXT_FORMAT_LABELS,
  TEXT_FORMATS,
  allQuestions,
  questionName,
  tagFor,
  type Question,
  type QuestionType,
  type SurveyDefinition,
  type SurveyOption
} from '@core/survey'
import ChipRow from '@/components/chip-row'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import ConditionEditor from './survey-builder-condition'
import { addOption, changeType, conditionTargets, fieldInQuestion, moveOption, questionSummary } from './survey-builder-model'

/** Every tag an option or text answer can carry, as the picker lists them: '需求 · 法律咨询 · 劳动纠纷'. */
const TAG_CHOICES = TAXONOMY.map((entry) => ({ tag: tagFor(entry.list, entry.code), label: `${ENTRY_LIST_LABELS[entry.list]} · ${taxonomyLabel(entry.code)}` }))

const tagLabel = (tag: string): string => {
  const parsed = parseTag(tag)
  return parsed ? `${ENTRY_LIST_LABELS[parsed.list]}：${taxonomyLabel(parsed.code)}` : tag
}

/** '' → absent; anything else a number (NaN for the definition check to name). */
const optionalNumber = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text.trim()))
const numberText = (value: number | undefined): string => (value === undefined || Number.isNaN(value) ? '' : String(value))

export interface QuestionCardProps {
  def: SurveyDefinition
  question: Question
  /** Its number across the questionnaire. */
  number: number
  open: boolean
  canUp: boolean
  canDown: boolean
  /** Core's problems of this question (already filtered to the ones to show now). */
  problems: Fail[]
  onToggle: () => void
  onChange: (question: Question) => void
  onMove: (delta: -1 | 1) => void
  onDelete: () => void
  /** Deletes an option with 撤销. */
  onDeleteOption: (index: number) => void
}

export default function QuestionCard(props: QuestionCardProps) {
  const { def, question, number, open, canUp, canDown, problems, onToggle, onMove, onDelete } = props
  const idBase = `bq-${question.id}`
  // Moving or deleting slides another card's button under the finger: a hurried second tap must not press it.
  const guard = useArrivalGuard()
  return (
    <View className={`card builder-question${problems.length > 0 ? ' builder-question--invalid' : ''}`} id={idBase} data-open={open ? 'true' : 'false'}>
      <View className='builder-question__head' id={`${idBase}-head`} aria-role='button' aria-expanded={open} hoverClass='org-row--pressed' onClick={onToggle}>
        <View className='builder-question__title'>
          <Text className='builder-question__number'>{`${number}. `}</Text>
          <Text>{question.title || '（未填写标题）'}</Text>
          {question.required ? <Text className='survey-question__required'>{' *'}</Text> : null}
        </View>
        <View className='organizer__muted'>{`${questionSummary(question)} · ${question.id}`}</View>
        {question.showIf ? (
          <View className='builder-question__showif' id={`${idBase}-showif-summary`}>
            {`当${describeCondition(def, question.showIf)}时显示`}
          </View>
        ) : null}
        {!open && problems.length > 0 ? <View className='organizer__error'>{`有 ${problems.length} 处需要修改，点开查看`}</View> : null}
      </View>
      <View className='builder-question__tools'>
        <Button className='tap-target builder-tool' fill='outline' id={`${idBase}-up`} disabled={!canUp} onClick={guard(() => onMove(-1))} aria-label='上移'>
          上移
        </Button>
        <Button className='tap-target builder-tool' fill='outline' id={`${idBase}-down`} disabled={!canDown} onClick={guard(() => onMove(1))} aria-label='下移'>
          下移
        </Button>
        <Button className='tap-target builder-tool' fill='outline' id={`${idBase}-toggle`} onClick={onToggle}>
          {open ? '收起' : '编辑'}
        </Button>
        <Button className='tap-target builder-tool builder-tool--danger' fill='none' id={`${idBase}-delete`} onClick={guard(onDelete)}>
          删除
        </Button>
      </View>
      {open ? <QuestionEditor {...props} idBase={idBase} /> : null}
    </View>
  )
}

/** The fields of a question each problem can be shown beside; anything else goes to the foot of the card. */
const PLACED = ['type', 'title', 'description', 'required', 'pii', 'consent', 'showIf', 'options', 'minSelect', 'maxSelect', 'format', 'maxLength', 'tags', 'min', 'max', 'integer', 'unit', 'minOffsetDays', 'maxOffsetDays', 'scale', 'lowLabel', 'highLabel', 'levels', 'maxCount', 'statement']

function QuestionEditor({ def, question, problems, onChange, onDeleteOption, idBase }: QuestionCardProps & { idBase: string }) {
  const at = (field: string): string | undefined => {
    const found = problems.filter((p) => {
      const path = fieldInQuestion(p.field)
      return path === field || path.startsWith(`${field}.`)
    })
    return found.length > 0 ? found.map((p) => p.message).join('；') : undefined
  }
  const rest = problems.filter((p) => !PLACED.some((field) => fieldInQuestion(p.field) === field || fieldInQuestion(p.field).startsWith(`${field}.`)))
  const set = (patch: Partial<Question>) => onChange({ ...question, ...patch } as Question)
  const consents = allQuestions(def)
    .slice(0, allQuestions(def).findIndex((q) => q.id === question.id))
    .filter((q) => q.type === 'consent')
  const answerable = question.type !== 'note'

  return (
    <View className='builder-question__editor'>
      <Field idBase={idBase} name='type' label='题型' error={at('type')}>
        <ChipRow
          label='题型'
          kind='radio'
          chips={QUESTION_TYPES.map((type) => ({ key: type, label: QUESTION_TYPE_LABELS[type], id: `${idBase}-type-${type}`, on: question.type === type }))}
          onTap={(type) => onChange(changeType(question, type as QuestionType))}
        />
      </Field>
      <Field idBase={idBase} name='title' label={question.type === 'note' ? '说明文字' : '题目'} error={at('title')}>
        <Input className='form-input' id={`${idBase}-title`} placeholder='例如：您的身份' maxlength={QUESTION_TITLE_MAX} value={question.title} onInput={(e) => set({ title: e.detail.value })} />
      </Field>
      <Field idBase={idBase} name='description' label='补充说明（可不填）' error={at('description')}>
        <Input className='form-input' id={`${idBase}-description`} placeholder='题目下方的小字' value={question.description ?? ''} onInput={(e) => set({ description: e.detail.value === '' ? undefined : e.detail.value })} />
      </Field>
      {answerable ? (
        <Field idBase={idBase} name='required' label='是否必答' error={at('required')}>
          <ChipRow
            label='是否必答'
            kind='radio'
            chips={[
              { key: 'yes', label: '必答', id: `${idBase}-required-yes`, on: question.required },
              { key: 'no', label: '选答', id: `${idBase}-required-no`, on: !question.required }
            ]}
            onTap={(key) => set({ required: key === 'yes' })}
          />
        </Field>
      ) : null}

      <TypeFields question={question} idBase={idBase} at={at} onChange={onChange} onDeleteOption={onDeleteOption} />

      {question.type !== 'consent' && question.type !== 'note' ? (
        <Field idBase={idBase} name='pii' label='个人信息类别' error={at('pii')} hint='含个人信息的回答会加密保存、隐去部分显示；敏感类别需要在前面加同意题'>
          <ChipRow
            label='个人信息类别'
            kind='radio'
            chips={PII_CLASSES.map((pii) => ({ key: pii, label: PII_INFO[pii].label, id: `${idBase}-pii-${pii}`, on: question.pii === pii }))}
            onTap={(pii) => set({ pii: pii as Question['pii'] })}
          />
        </Field>
      ) : null}
      {question.type !== 'consent' && (question.pii !== 'none' || question.consent !== undefined || at('consent')) ? (
        <Field idBase={idBase} name='consent' label='关联的同意题' error={at('consent')} hint='同意后才显示本题'>
          {consents.length === 0 ? (
            <View className='organizer__muted'>前面还没有同意题：先在本题之前加一道「同意题」。</View>
          ) : (
            <ChipRow
              label='关联的同意题'
              kind='radio'
              chips={[
                { key: '', label: '不关联', id: `${idBase}-consent-none`, on: question.consent === undefined },
                ...consents.map((q) => ({ key: q.id, label: questionName(q), id: `${idBase}-consent-${q.id}`, on: question.consent === q.id }))
              ]}
              onTap={(id) => set({ consent: id === '' ? undefined : id })}
            />
          )}
        </Field>
      ) : null}
      <Field idBase={idBase} name='showIf' label='显示条件' error={at('showIf')}>
        <ConditionEditor
          idBase={`${idBase}-showif`}
          def={def}
          condition={question.showIf}
          targets={conditionTargets(def, question.id)}
          emptyText='总是显示'
          onChange={(showIf) => set({ showIf })}
        />
      </Field>
      {rest.length > 0 ? (
        <View className='organizer__error' id={`${idBase}-problems`}>
          {rest.map((p) => p.message).join('；')}
        </View>
      ) : null}
    </View>
  )
}

interface FieldProps {
  idBase: string
  name: string
  label: string
  error?: string
  hint?: string
  children: ReactNode
}

/** A labelled row of the question editor with its problem (`#bq-<id>-<name>-error`). */
function Field({ idBase, name, label, error, hint, children }: FieldProps) {
  return (
    <View className={`form-field builder-field${error ? ' form-field--invalid' : ''}`}>
      <View className='form-field__head'>
        <View className='form-field__label'>{label}</View>
      </View>
      <View className='form-field__control'>{children}</View>
      {error ? (
        <View className='form-field__error' id={`${idBase}-${name}-error`}>
          {error}
        </View>
      ) : hint ? (
        <View className='form-field__hint'>{hint}</View>
      ) : null}
    </View>
  )
}

interface TypeFieldsProps {
  question: Question
  idBase: string
  at: (field: string) => string | undefined
  onChange: (question: Question) => void
  onDeleteOption: (index: number) => void
}

function NumberInput({ id, value, placeholder, onChange }: { id: string; value: number | undefined; placeholder: string; onChange: (value: number | undefined) => void }) {
  return <Input className='form-input' id={id} type='digit' placeholder={placeholder} value={numberText(value)} onInput={(e) => onChange(optionalNumber(e.detail.value))} />
}

/** The settings only some types have. */
function TypeFields({ question, idBase, at, onChange, onDeleteOption }: TypeFieldsProps) {
  switch (question.type) {
    case 'single':
    case 'multi':
      return (
        <>
          <Field idBase={idBase} name='options' label='选项'>
            <OptionsEditor question={question} idBase={idBase} at={at} onChange={onChange} onDelete={onDeleteOption} />
          </Field>
          {question.type === 'multi' ? (
            <View className='org-form__row'>
              <Field idBase={idBase} name='minSelect' label='最少选几项' error={at('minSelect')}>
                <NumberInput id={`${idBase}-minSelect`} value={question.minSelect} placeholder='不限' onChange={(minSelect) => onChange({ ...question, minSelect })} />
              </Field>
              <Field idBase={idBase} name='maxSelect' label='最多选几项' error={at('maxSelect')}>
                <NumberInput id={`${idBase}-maxSelect`} value={question.maxSelect} placeholder='不限' onChange={(maxSelect) => onChange({ ...question, maxSelect })} />
              </Field>
            </View>
          ) : null}
        </>
      )
    case 'text':
      return (
        <>
          <Field idBase={idBase} name='format' label='格式要求' error={at('format')}>
            <ChipRow
              label='格式要求'
              kind='radio'
              chips={[
                { key: '', label: '不限', id: `${idBase}-format-none`, on: question.format === undefined },
                ...TEXT_FORMATS.map((format) => ({ key: format, label: TEXT_FORMAT_LABELS[format], id: `${idBase}-format-${format}`, on: question.format === format }))
              ]}
              onTap={(format) => {
                const next = format === '' ? undefined : (format as (typeof TEXT_FORMATS)[number])
                // The class follows the format: a phone number is 手机号, an ID number 身份证号 (core requires it).
                const pii = next === 'mobile' ? 'phone' : next === 'idcard' ? 'idcard' : question.pii === 'phone' || question.pii === 'idcard' ? 'none' : question.pii
                onChange({ ...question, format: next, pii })
              }}
            />
          </Field>
          <Field idBase={idBase} name='maxLength' label='字数上限' error={at('maxLength')}>
            <NumberInput id={`${idBase}-maxLength`} value={question.maxLength} placeholder='100' onChange={(maxLength) => onChange({ ...question, maxLength: maxLength ?? Number.NaN })} />
          </Field>
          <TagsField idBase={idBase} tags={question.tags} error={at('tags')} onChange={(tags) => onChange({ ...question, tags })} hint='填写了就生成一条清单草稿，带上所填的文字' />
        </>
      )
    case 'textarea':
      return (
        <>
          <Field idBase={idBase} name='maxLength' label='字数上限' error={at('maxLength')}>
            <NumberInput id={`${idBase}-maxLength`} value={question.maxLength} placeholder='500' onChange={(maxLength) => onChange({ ...question, maxLength: maxLength ?? Number.NaN })} />
          </Field>
          <TagsField idBase={idBase} tags={question.tags} error={at('tags')} onChange={(tags) => onChange({ ...question, tags })} hint='填写了就生成一条清单草稿，带上所填的文字' />
        </>
      )
    case 'number':
      return (
        <>
          <View className='org-form__row'>
            <Field idBase={idBase} name='min' label='最小值' error={at('min')}>
              <NumberInput id={`${idBase}-min`} value={question.min} placeholder='不限' onChange={(min) => onChange({ ...question, min })} />
            </Field>
            <Field idBase={idBase} name='max' label='最大值' error={at('max')}>
              <NumberInput id={`${idBase}-max`} value={question.max} placeholder='不限' onChange={(max) => onChange({ ...question, max })} />
            </Field>
          </View>
          <Field idBase={idBase} name='integer' label='只能填整数' error={at('integer')}>
            <ChipRow
              label='只能填整数'
              kind='radio'
              chips={[
                { key: 'yes', label: '只能整数', id: `${idBase}-integer-yes`, on: question.integer },
                { key: 'no', label: '可以有小数', id: `${idBase}-integer-no`, on: !question.integer }
              ]}
              onTap={(key) => onChange({ ...question, integer: key === 'yes' })}
            />
          </Field>
          <Field idBase={idBase} name='unit' label='单位（可不填）' error={at('unit')}>
            <Input className='form-input' id={`${idBase}-unit`} placeholder='例如：小时' value={question.unit ?? ''} onInput={(e) => onChange({ ...question, unit: e.detail.value === '' ? undefined : e.detail.value })} />
          </Field>
        </>
      )
    case 'date':
      return (
        <View className='org-form__row'>
          <Field idBase={idBase} name='minOffsetDays' label='最早（距作答当天）' error={at('minOffsetDays') ?? at('minAt')} hint='0 = 当天，-1 = 前一天'>
            <NumberInput id={`${idBase}-minOffsetDays`} value={question.minOffsetDays} placeholder='不限' onChange={(minOffsetDays) => onChange({ ...question, minOffsetDays })} />
          </Field>
          <Field idBase={idBase} name='maxOffsetDays' label='最晚（距作答当天）' error={at('maxOffsetDays') ?? at('maxAt')}>
            <NumberInput id={`${idBase}-maxOffsetDays`} value={question.maxOffsetDays} placeholder='不限' onChange={(maxOffsetDays) => onChange({ ...question, maxOffsetDays })} />
          </Field>
        </View>
      )
    case 'rating':
      return (
        <>
          <Field idBase={idBase} name='scale' label='评分范围' error={at('scale')}>
            <ChipRow
              label='评分范围'
              kind='radio'
              chips={RATING_SCALES.map((scale) => ({ key: scale, label: scale === '1-5' ? '1–5 分' : '0–10 分', id: `${idBase}-scale-${scale}`, on: question.scale === scale }))}
              onTap={(scale) => onChange({ ...question, scale: scale as (typeof RATING_SCALES)[number] })}
            />
          </Field>
          <View className='org-form__row'>
            <Field idBase={idBase} name='lowLabel' label='最低分说明' error={at('lowLabel')}>
              <Input className='form-input' id={`${idBase}-lowLabel`} placeholder='很不满意' value={question.lowLabel ?? ''} onInput={(e) => onChange({ ...question, lowLabel: e.detail.value === '' ? undefined : e.detail.value })} />
            </Field>
            <Field idBase={idBase} name='highLabel' label='最高分说明' error={at('highLabel')}>
              <Input className='form-input' id={`${idBase}-highLabel`} placeholder='非常满意' value={question.highLabel ?? ''} onInput={(e) => onChange({ ...question, highLabel: e.detail.value === '' ? undefined : e.detail.value })} />
            </Field>
          </View>
        </>
      )
    case 'region':
      return (
        <Field idBase={idBase} name='levels' label='精确到' error={at('levels')}>
          <ChipRow
            label='地区精确到'
            kind='radio'
            chips={REGION_LEVELS.map((levels) => ({ key: String(levels), label: REGION_LEVEL_NAMES[levels - 1], id: `${idBase}-levels-${levels}`, on: question.levels === levels }))}
            onTap={(levels) => onChange({ ...question, levels: Number(levels) as (typeof REGION_LEVELS)[number] })}
          />
        </Field>
      )
    case 'image':
      return (
        <Field idBase={idBase} name='maxCount' label={`最多几张（1–${IMAGE_COUNT_MAX}）`} error={at('maxCount') ?? at('maxSizeKB')}>
          <NumberInput id={`${idBase}-maxCount`} value={question.maxCount} placeholder='3' onChange={(maxCount) => onChange({ ...question, maxCount: maxCount ?? Number.NaN })} />
        </Field>
      )
    case 'consent':
      return (
        <Field idBase={idBase} name='statement' label='同意内容' error={at('statement')} hint='写清收集哪些信息、用来做什么、谁能看到、保存多久'>
          <Textarea
            className='org-form__textarea'
            id={`${idBase}-statement`}
            maxlength={CONSENT_STATEMENT_MAX}
            autoHeight
            value={question.statement}
            onInput={(e) => onChange({ ...question, statement: e.detail.value })}
          />
        </Field>
      )
    default:
      return null
  }
}

function OptionsEditor({ question, idBase, at, onChange, onDelete }: { question: Extract<Question, { options: SurveyOption[] }>; idBase: string; at: (field: string) => string | undefined; onChange: (question: Question) => void; onDelete: (index: number) => void }) {
  const guard = useArrivalGuard()
  const setOptions = (options: SurveyOption[]) => onChange({ ...question, options })
  const setOption = (i: number, patch: Partial<SurveyOption>) => setOptions(question.options.map((o, j) => (j === i ? { ...o, ...patch } : o)))
  const own = at('options')
  const whole = own !== undefined && !question.options.some((_, i) => at(`options.${i}`) !== undefined) ? own : undefined
  return (
    <View className='builder-options'>
      {question.options.map((option, i) => {
        const optionBase = `${idBase}-opt-${i}`
        const error = at(`options.${i}`)
        return (
          <View key={option.value} className={`builder-option${error ? ' form-field--invalid' : ''}`} id={optionBase} data-value={option.value}>
            <View className='builder-option__line'>
              <Input
                className='form-input builder-option__label'
                id={`${optionBase}-label`}
                placeholder={`选项${i + 1}`}
                maxlength={OPTION_LABEL_MAX}
                value={option.label}
                onInput={(e) => setOption(i, { label: e.detail.value })}
              />
            </View>
            <View className='builder-option__tools'>
              <Button className='tap-target builder-tool' fill='outline' id={`${optionBase}-up`} disabled={i === 0} onClick={guard(() => setOptions(moveOption(question.options, i, -1)))}>
                上移
              </Button>
              <Button className='tap-target builder-tool' fill='outline' id={`${optionBase}-down`} disabled={i === question.options.length - 1} onClick={guard(() => setOptions(moveOption(question.options, i, 1)))}>
                下移
              </Button>
              {question.type === 'multi' ? (
                <Button className='tap-target builder-tool' fill={option.exclusive ? 'solid' : 'outline'} id={`${optionBase}-exclusive`} onClick={() => setOption(i, { exclusive: option.exclusive ? undefined : true })}>
                  {option.exclusive ? '互斥 ✓' : '互斥'}
                </Button>
              ) : null}
              <Button className='tap-target builder-tool builder-tool--danger' fill='none' id={`${optionBase}-delete`} onClick={guard(() => onDelete(i))}>
                删除
              </Button>
            </View>
            <TagsField idBase={optionBase} tags={option.tags} onChange={(tags) => setOption(i, { tags })} compact />
            {error ? (
              <View className='form-field__error' id={`${optionBase}-error`}>
                {error}
              </View>
            ) : null}
          </View>
        )
      })}
      {whole ? (
        <View className='form-field__error' id={`${idBase}-options-error`}>
          {whole}
        </View>
      ) : null}
      <Button className='tap-target' fill='outline' id={`${idBase}-opt-add`} onClick={() => setOptions(addOption(question.options))}>
        添加选项
      </Button>
    </View>
  )
}

interface TagsFieldProps {
  idBase: string
  tags: string[] | undefined
  error?: string
  hint?: string
  /** Inside an option row: no label of its own. */
  compact?: boolean
  onChange: (tags: string[] | undefined) => void
}

/** 清单标签: chips of the tags given (tap to remove), and a picker of the taxonomy to add one. */
function TagsField({ idBase, tags, error, hint, compact, onChange }: TagsFieldProps) {
  const list = tags ?? []
  const body = (
    <View className='builder-tags'>
      {list.map((tag) => (
        <View key={tag} className='builder-tags__tag' id={`${idBase}-tag-${tag.replace(':', '-')}`} aria-role='button' aria-label={`移除标签 ${tagLabel(tag)}`} onClick={() => onChange(list.length === 1 ? undefined : list.filter((t) => t !== tag))}>
          {`${tagLabel(tag)} ✕`}
        </View>
      ))}
      <Picker
        mode='selector'
        range={TAG_CHOICES.map((choice) => choice.label)}
        onChange={(e) => {
          const choice = TAG_CHOICES[Number(e.detail.value)]
          if (choice && !list.includes(choice.tag)) onChange([...list, choice.tag])
        }}
      >
        <View className='builder-tags__add' id={`${idBase}-tag-add`} aria-role='button'>
          ＋ 需求/资源标签
        </View>
      </Picker>
    </View>
  )
  if (compact) return body
  return (
    <Field idBase={idBase} name='tags' label='清单标签（可不填）' error={error} hint={hint}>
      {body}
    </Field>
  )
}
