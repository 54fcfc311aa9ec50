/**
 * JSON: the definition as text, to copy out (to keep, to send to another centre, to edit on a computer) and to paste
 * in. Pasted text that is a definition loads into the builder even with problems — each is listed here by place and
 * then shown beside its field — so a file from elsewhere is fixed in the builder rather than refused whole; text that
 * is not a definition at all is refused with the reason and changes nothing.
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Fail } from '@core/api'
import type { SurveyDefinition } from '@core/survey'
import { exportJson, importJson, problemPlace } from './survey-builder-model'

/** Far above any real definition (200 questions), below what would stall a phone's text box. */
const JSON_MAX = 200_000

export default function SurveyJson({ def, onImport }: { def: SurveyDefinition; onImport: (def: SurveyDefinition) => void }) {
  const text = exportJson(def)
  const [pasted, setPasted] = useState('')
  const [refused, setRefused] = useState<string | null>(null)
  const [loaded, setLoaded] = useState<Fail[] | null>(null)

  const load = () => {
    const imported = importJson(pasted)
    if (!imported.ok) {
      setRefused(imported.message)
      return
    }
    setRefused(null)
    setLoaded(imported.problems)
    onImport(imported.definition)
    void Taro.showToast({ title: imported.problems.length === 0 ? '已导入' : `已导入，有 ${imported.problems.length} 处要修改`, icon: 'none' })
  }

  return (
    <View className='builder-json' id='builder-json'>
      <View className='card'>
        <View className='card__title'>导出</View>
        <View className='card__text'>当前编辑的内容（包括还没保存的修改）。</View>
        <Textarea className='org-form__textarea builder-json__text' id='builder-json-export' value={text} maxlength={-1} disabled />
        <Button className='tap-target' type='primary' id='builder-json-copy' onClick={() => void Taro.setClipboardData({ data: text })}>
          复制 JSON
        </Button>
      </View>
      <View className='card'>
        <View className='card__title'>导入</View>
        <View className='card__text'>粘贴导出的 JSON，会替换当前编辑的全部题目和设置（保存前都可以再改）。</View>
        <Textarea
          className='org-form__textarea builder-json__text'
          id='builder-json-import'
          placeholder='在这里粘贴 JSON'
          maxlength={JSON_MAX}
          value={pasted}
          onInput={(e) => {
            setPasted(e.detail.value)
            setRefused(null)
          }}
        />
        {refused ? (
          <View className='organizer__error' id='builder-json-refused'>
            {refused}
          </View>
        ) : null}
        {loaded && loaded.length > 0 ? (
          <View id='builder-json-problems'>
            {loaded.map((p, i) => (
              <View key={i} className='organizer__error'>{`${problemPlace(def, p.field)}：${p.message}`}</View>
            ))}
          </View>
        ) : null}
        <Button className='tap-target' id='builder-json-load' disabled={pasted.trim() === ''} onClick={load}>
          导入
        </Button>
      </View>
    </View>
  )
}
