/**
 * The structured condition editor of the builder, for a question's 显示条件 and a quota's 计入条件: rows of
 * question → operator → value(s), joined by 全部满足 / 满足任一, read back in words with core's describeCondition so
 * the organizer sees the sentence the respondent's path will follow. Choices are chips (one thumb, no wheels): the
 * questions a condition may read (earlier ones only, for show-if), the operators that fit that question's answer, its
 * options. A typed value (text, number) is an input; a date, a day picker. A condition nested deeper than one
 * all/any (from imported JSON) is shown in words and can be cleared, or edited in the JSON.
 */
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { CONDITION_OP_LABELS, describeCondition, questionName, type Condition, type LeafCondition, type Question, type Scalar, type SurveyDefinition } from '@core/survey'
import { atWallClock, dateKey, DAY_MS } from '@core/time'
import ChipRow from '@/components/chip-row'
import { DatePicker } from '@/components/form-picker'
import { conditionOf, editableOf, leafFor, operatorsFor, type EditableCondition, type LeafOp } from './survey-builder-model'

export interface ConditionEditorProps {
  /** Element id prefix: `${idBase}-add`, `${idBase}-<row>-question-<id>` … */
  idBase: string
  def: SurveyDefinition
  condition: Condition | undefined
  /** The questions it may read. */
  targets: Question[]
  onChange: (condition: Condition | undefined) => void
  /** What the condition does, for the empty state: '总是显示'. */
  emptyText: string
}

/** A typed number, or NaN for the definition check to name (an empty field is 0 while typing would surprise). */
const numberOf = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text.trim()))

export default function ConditionEditor({ idBase, def, condition, targets, onChange, emptyText }: ConditionEditorProps) {
  const editable = editableOf(condition)
  if (!editable) {
    return (
      <View className='builder-condition' id={idBase}>
        <View className='builder-condition__words'>{condition ? describeCondition(def, condition) : emptyText}</View>
        <View className='organizer__muted'>这个条件层层嵌套，只能在「JSON」里修改，或清除后重新设置。</View>
        <Button className='tap-target' fill='outline' id={`${idBase}-clear`} onClick={() => onChange(undefined)}>
          清除条件
        </Button>
      </View>
    )
  }
  const set = (next: EditableCondition) => onChange(conditionOf(next))
  const setRow = (i: number, row: LeafCondition) => set({ ...editable, rows: editable.rows.map((r, j) => (j === i ? row : r)) })
  // A new row reads the nearest earlier choice question (conditions are mostly "chose this option"), else the nearest.
  const add = () => {
    const target = [...targets].reverse().find((q) => q.type === 'single' || q.type === 'multi') ?? targets[targets.length - 1]
    if (target) set({ ...editable, rows: [...editable.rows, leafFor(target, operatorsFor(target)[0])] })
  }
  return (
    <View className='builder-condition' id={idBase}>
      <View className='builder-condition__words' id={`${idBase}-words`}>
        {condition ? `当${describeCondition(def, condition)}时` : emptyText}
      </View>
      {editable.rows.length > 1 ? (
        <ChipRow
          label='条件之间'
          kind='radio'
          chips={(['all', 'any'] as const).map((join) => ({ key: join, label: CONDITION_OP_LABELS[join], id: `${idBase}-join-${join}`, on: editable.join === join }))}
          onTap={(join) => set({ ...editable, join: join as EditableCondition['join'] })}
        />
      ) : null}
      {editable.rows.map((row, i) => (
        <ConditionRow
          key={i}
          idBase={`${idBase}-${i}`}
          row={row}
          targets={targets}
          onChange={(next) => setRow(i, next)}
          onRemove={() => set({ ...editable, rows: editable.rows.filter((_, j) => j !== i) })}
        />
      ))}
      {targets.length === 0 ? (
        <View className='organizer__muted'>前面还没有可以作为条件的题目。</View>
      ) : (
        <Button className='tap-target' fill='outline' id={`${idBase}-add`} onClick={add}>
          {editable.rows.length === 0 ? '设置条件' : '再加一个条件'}
        </Button>
      )}
    </View>
  )
}

interface RowProps {
  idBase: string
  row: LeafCondition
  targets: Question[]
  onChange: (row: LeafCondition) => void
  onRemove: () => void
}

function ConditionRow({ idBase, row, targets, onChange, onRemove }: RowProps) {
  const question = targets.find((q) => q.id === row.question)
  return (
    <View className='builder-condition__row' id={idBase}>
      <View className='builder-condition__head'>
        <Text className='builder-field__label'>题目</Text>
        <Button className='tap-target' fill='none' id={`${idBase}-remove`} onClick={onRemove}>
          删除条件
        </Button>
      </View>
      <ChipRow
        label='条件读哪道题'
        kind='radio'
        chips={targets.map((q) => ({ key: q.id, label: questionName(q), id: `${idBase}-question-${q.id}`, on: q.id === row.question }))}
        onTap={(id) => {
          const target = targets.find((q) => q.id === id)
          if (target) onChange(leafFor(target, operatorsFor(target).includes(row.op) ? row.op : operatorsFor(target)[0], row))
        }}
      />
      {question ? (
        <>
          <Text className='builder-field__label'>判断</Text>
          <ChipRow
            label='判断方式'
            kind='radio'
            chips={operatorsFor(question).map((op) => ({ key: op, label: CONDITION_OP_LABELS[op], id: `${idBase}-op-${op}`, on: op === row.op }))}
            onTap={(op) => onChange(leafFor(question, op as LeafOp, row))}
          />
          <ConditionValue idBase={idBase} question={question} row={row} onChange={onChange} />
        </>
      ) : (
        <View className='organizer__error'>{`条件读的题目 ${row.question} 不在本题之前，请重新选择`}</View>
      )}
    </View>
  )
}

function ConditionValue({ idBase, question, row, onChange }: { idBase: string; question: Question; row: LeafCondition; onChange: (row: LeafCondition) => void }) {
  if (!('value' in row || 'values' in row) || question.type === 'consent') return null
  if (question.type === 'single' || question.type === 'multi') {
    const many = row.op === 'in' || row.op === 'hasAll'
    const chosen: Scalar[] = 'values' in row ? row.values : [row.value]
    const toggle = (value: string) => {
      if (row.op === 'in') {
        const values = chosen.includes(value) ? chosen.filter((v) => v !== value) : [...chosen, value]
        onChange({ ...row, values })
      } else if (row.op === 'hasAll') {
        const values = chosen.includes(value) ? chosen.filter((v) => v !== value) : [...chosen, value]
        onChange({ ...row, values: values.map(String) })
      } else if (row.op === 'has' || row.op === 'notHas') onChange({ ...row, value })
      else if (row.op === 'eq' || row.op === 'neq') onChange({ ...row, value })
    }
    return (
      <>
        <Text className='builder-field__label'>{many ? '选项（可多选）' : '选项'}</Text>
        <ChipRow
          label='比较的选项'
          kind={many ? 'checkbox' : 'radio'}
          chips={question.options.map((option) => ({ key: option.value, label: option.label || option.value, id: `${idBase}-value-${option.value}`, on: chosen.includes(option.value) }))}
          onTap={toggle}
        />
      </>
    )
  }
  if (question.type === 'date' && 'value' in row && (row.op === 'eq' || row.op === 'gt' || row.op === 'lt')) {
    const day = typeof row.value === 'number' && Number.isFinite(row.value) ? dateKey(row.value) : ''
    const base = Date.UTC(2000, 0, 1)
    return (
      <DatePicker
        id={`${idBase}-value`}
        label='比较的日期'
        value={day}
        start={dateKey(base)}
        end={dateKey(base + 100 * 366 * DAY_MS)}
        onChange={(date) => onChange({ ...row, value: atWallClock(date, '00:00') })}
      />
    )
  }
  if ('value' in row && (row.op === 'eq' || row.op === 'neq' || row.op === 'gt' || row.op === 'lt')) {
    const numeric = question.type !== 'text' && question.type !== 'textarea'
    return (
      <Input
        className='form-input'
        id={`${idBase}-value`}
        type={numeric ? 'digit' : 'text'}
        placeholder={numeric ? '比较的数字' : '比较的文字'}
        value={typeof row.value === 'number' && Number.isNaN(row.value) ? '' : String(row.value)}
        onInput={(e) => {
          const text = e.detail.value
          if (row.op === 'gt' || row.op === 'lt') onChange({ ...row, value: numberOf(text) })
          else if (row.op === 'eq' || row.op === 'neq') onChange({ ...row, value: numeric ? numberOf(text) : text })
        }}
      />
    )
  }
  return null
}
