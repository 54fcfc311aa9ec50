/**
 * The builder's 设置: when the questionnaire takes answers (open and close, on the date and quarter-hour wheels, each
 * clearable), one response per person or not, who fills it in (本人 / 走访录入), which question gives the respondent
 * group, and quotas with an optional condition (the same structured editor as show-if). Problems are core's, each
 * under the setting its path names.
 */
import { Input, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Fail } from '@core/api'
import { CHANNEL_LABELS, CHANNELS, questionName, RESPONSE_LIMIT_LABELS, RESPONSE_LIMITS, type Channel, type Quota, type SurveyDefinition, type SurveySettings } from '@core/survey'
import { atWallClock, dateKey, DAY_MS, formatTime } from '@core/time'
import ChipRow from '@/components/chip-row'
import FormField from '@/components/form-field'
import { DatePicker, TimePicker } from '@/components/form-picker'
import ConditionEditor from './survey-builder-condition'
import { addQuota, conditionTargets } from './survey-builder-model'

export interface SettingsEditorProps {
  def: SurveyDefinition
  now: number
  /** Core's problems under `settings` (already filtered to the ones to show now). */
  problems: Fail[]
  onChange: (def: SurveyDefinition) => void
}

/** How far ahead the window may be set. */
const AHEAD_DAYS = 366

export default function SettingsEditor({ def, now, problems, onChange }: SettingsEditorProps) {
  const { settings } = def
  const at = (field: string): string | undefined => {
    const found = problems.filter((p) => p.field === `settings.${field}` || p.field?.startsWith(`settings.${field}.`))
    return found.length > 0 ? found.map((p) => p.message).join('；') : undefined
  }
  const set = (patch: Partial<SurveySettings>) => onChange({ ...def, settings: { ...settings, ...patch } })
  const groupChoices = conditionTargets(def).filter((q) => q.type === 'single')
  const quotas = settings.quotas ?? []
  const setQuota = (i: number, patch: Partial<Quota>) => set({ quotas: quotas.map((q, j) => (j === i ? { ...q, ...patch } : q)) })

  return (
    <View className='builder-settings' id='builder-settings'>
      <View className='card'>
        <View className='card__title'>填写时间</View>
        <InstantField name='settings-openAt' label='开始时间' value={settings.openAt} now={now} emptyText='发布后即可填写' error={at('openAt')} onChange={(openAt) => set({ openAt })} />
        <InstantField name='settings-closeAt' label='结束时间' value={settings.closeAt} now={now} emptyText='直到手动结束' error={at('closeAt')} onChange={(closeAt) => set({ closeAt })} />
      </View>
      <View className='card'>
        <View className='card__title'>谁来填、填几份</View>
        <FormField label='填写份数' name='settings-limit' error={at('limit')} hint={settings.limit === 'onePerPerson' ? '每人只能提交一份：本人按微信身份，走访按受访者手机号' : undefined}>
          <ChipRow
            label='填写份数'
            kind='radio'
            chips={RESPONSE_LIMITS.map((limit) => ({ key: limit, label: RESPONSE_LIMIT_LABELS[limit], id: `builder-limit-${limit}`, on: settings.limit === limit }))}
            onTap={(limit) => set({ limit: limit as SurveySettings['limit'] })}
          />
        </FormField>
        <FormField label='填写方式（可多选）' name='settings-channels' error={at('channels')}>
          <ChipRow
            label='填写方式'
            kind='checkbox'
            chips={CHANNELS.map((channel) => ({ key: channel, label: CHANNEL_LABELS[channel], id: `builder-channel-${channel}`, on: settings.channels.includes(channel) }))}
            onTap={(channel) => {
              const on = settings.channels.includes(channel as Channel)
              set({ channels: on ? settings.channels.filter((c) => c !== channel) : CHANNELS.filter((c) => c === channel || settings.channels.includes(c)) })
            }}
          />
        </FormField>
        <FormField label='身份题（可不设）' name='settings-groupQuestion' error={at('groupQuestion')} hint='统计按身份对比时读这道单选题；选项值要是 rider、courier 这样的身份'>
          {groupChoices.length === 0 ? (
            <View className='organizer__muted'>还没有单选题。</View>
          ) : (
            <ChipRow
              label='身份题'
              kind='radio'
              chips={[
                { key: '', label: '不设', id: 'builder-group-none', on: settings.groupQuestion === undefined },
                ...groupChoices.map((q) => ({ key: q.id, label: questionName(q), id: `builder-group-${q.id}`, on: settings.groupQuestion === q.id }))
              ]}
              onTap={(id) => set({ groupQuestion: id === '' ? undefined : id })}
            />
          )}
        </FormField>
      </View>
      <View className='card' id='builder-quotas'>
        <View className='card__title'>名额</View>
        <View className='card__text'>收满就不再接受答卷；可以只数满足条件的答卷（例如“骑手 200 份”）。</View>
        {quotas.map((quota, i) => (
          <View key={quota.id} className='builder-quota' id={`builder-quota-${i}`}>
            <View className='org-form__row'>
              <FormField label='名称' name={`settings-quotas-${i}-label`} error={at(`quotas.${i}.label`)}>
                <Input className='form-input' id={`builder-quota-${i}-label`} value={quota.label} maxlength={30} onInput={(e) => setQuota(i, { label: e.detail.value })} />
              </FormField>
              <FormField label='上限（份）' name={`settings-quotas-${i}-limit`} error={at(`quotas.${i}.limit`)}>
                <Input
                  className='form-input'
                  id={`builder-quota-${i}-limit`}
                  type='number'
                  value={Number.isNaN(quota.limit) ? '' : String(quota.limit)}
                  onInput={(e) => setQuota(i, { limit: e.detail.value.trim() === '' ? Number.NaN : Number(e.detail.value) })}
                />
              </FormField>
            </View>
            <FormField label='只数这些答卷' name={`settings-quotas-${i}-when`} error={at(`quotas.${i}.when`) ?? at(`quotas.${i}.id`)}>
              <ConditionEditor
                idBase={`builder-quota-${i}-when`}
                def={def}
                condition={quota.when}
                targets={conditionTargets(def)}
                emptyText='所有答卷都计入'
                onChange={(when) => setQuota(i, { when })}
              />
            </FormField>
            <Button className='tap-target builder-tool--danger' fill='none' id={`builder-quota-${i}-delete`} onClick={() => set({ quotas: quotas.length === 1 ? undefined : quotas.filter((_, j) => j !== i) })}>
              删除这个名额
            </Button>
          </View>
        ))}
        {at('quotas') && quotas.length === 0 ? <View className='organizer__error'>{at('quotas')}</View> : null}
        <Button className='tap-target' fill='outline' id='builder-quota-add' onClick={() => onChange(addQuota(def))}>
          添加名额
        </Button>
      </View>
    </View>
  )
}

interface InstantFieldProps {
  name: string
  label: string
  value: number | undefined
  now: number
  emptyText: string
  error?: string
  onChange: (value: number | undefined) => void
}

/** A date and a quarter-hour time, or nothing (清除). Picking only the date starts at 08:00 for opening hours. */
function InstantField({ name, label, value, now, emptyText, error, onChange }: InstantFieldProps) {
  const date = value === undefined ? '' : dateKey(value)
  const time = value === undefined ? '08:00' : formatTime(value)
  return (
    <FormField label={label} name={name} error={error}>
      <View className='org-form__row builder-instant'>
        <DatePicker id={`builder-${name}-date`} label={label} value={date} placeholder={emptyText} start={dateKey(now - 30 * DAY_MS)} end={dateKey(now + AHEAD_DAYS * DAY_MS)} onChange={(d) => onChange(atWallClock(d, time))} />
        {value !== undefined ? <TimePicker id={`builder-${name}-time`} label={label} value={time} onChange={(t) => onChange(atWallClock(date, t))} /> : null}
      </View>
      {value !== undefined ? (
        <Button className='tap-target' fill='none' id={`builder-${name}-clear`} onClick={() => onChange(undefined)}>
          清除
        </Button>
      ) : null}
    </FormField>
  )
}
