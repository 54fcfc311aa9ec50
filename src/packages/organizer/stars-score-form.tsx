/**
 * One side's scores of one rider: each published criterion of that side (core/community/stars.ts) as a row of six
 * big chips, 0–5, with what earns the points under its title, the side's score as it adds up, and 保存. Shared by
 * 企业评分 (the station manager, enterprise side) and the ranking (organizers, community side), so both score alike.
 * 保存 stays disabled until every criterion has points and while the save runs, so a double tap saves once.
 */
import { useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { SideScores } from '@core/api/community'
import { SCORE_NOTE_MAX } from '@core/api/community'
import { criteriaOf, sideScore, STAR_SIDE_LABELS, type StarSide } from '@core/community/stars'
import { call } from '@/cloud/call'
import ChipRow from '@/components/chip-row'
import { alertFail } from '@/platform/feedback'
import './stars-pages.scss'

export interface StarScoreFormProps {
  riderId: string
  month: string
  side: StarSide
  /** What was saved before, to start from. */
  saved?: SideScores
  onSaved: (scores: SideScores) => void
}

export default function StarScoreForm({ riderId, month, side, saved, onSaved }: StarScoreFormProps) {
  const criteria = criteriaOf(side)
  const [points, setPoints] = useState<Record<string, number>>(saved?.scores ?? {})
  const [note, setNote] = useState(saved?.note ?? '')
  const [busy, setBusy] = useState(false)
  const complete = criteria.every((c) => points[c.id] !== undefined)

  const save = async () => {
    if (busy || !complete) return
    setBusy(true)
    const res = await call('community', 'scoreRider', { riderId, month, scores: points, ...(note.trim() ? { note: note.trim() } : {}) })
    setBusy(false)
    if (!res.ok) alertFail('没能保存评分', res)
    else onSaved(res.data.scores)
  }

  return (
    <View className='star-form' id={`star-form-${riderId}`}>
      {criteria.map((c) => (
        <View key={c.id} className='star-form__criterion'>
          <View className='star-form__title'>
            <Text>{c.title}</Text>
            <Text className='star-form__weight'>{`占${c.weight}分`}</Text>
          </View>
          <View className='star-form__hint'>{c.hint}</View>
          <ChipRow
            label={`${c.title}打分`}
            kind='radio'
            chips={Array.from({ length: c.maxPoints + 1 }, (_, n) => ({ key: String(n), label: `${n}`, id: `score-${riderId}-${c.id}-${n}`, on: points[c.id] === n }))}
            onTap={(key) => setPoints((p) => ({ ...p, [c.id]: Number(key) }))}
          />
        </View>
      ))}
      <Textarea
        className='star-textarea'
        id={`star-note-${riderId}`}
        value={note}
        maxlength={SCORE_NOTE_MAX}
        placeholder='评语（选填，评选结果公布后骑手可以看到）'
        onInput={(e) => setNote(e.detail.value)}
      />
      <View className='star-form__foot'>
        <Text className='star-form__total' id={`star-total-${riderId}`}>
          {complete ? `${STAR_SIDE_LABELS[side]} ${sideScore(side, points)} 分` : '每一项都打分后才能保存'}
        </Text>
        <Button className='tap-target' type='primary' id={`star-save-${riderId}`} disabled={!complete || busy} loading={busy} onClick={() => void save()}>
          保存
        </Button>
      </View>
    </View>
  )
}
