/**
 * 提议题: a member of the district writes what the district should talk over — a short title and what is going on.
 * Checked as the function checks it before sending (the same schema), the button busy until the answer, so a hurried
 * second tap raises nothing twice; then on to the new topic's page.
 */
import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Input, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { raiseTopicSchema, TOPIC_DESCRIPTION_MAX, TOPIC_TITLE_MAX } from '@core/api/community'
import { validate } from '@core/schema'
import { call } from '@/cloud/call'
import FormField from '@/components/form-field'
import PageShell from '@/components/page-shell'
import { alertFail } from '@/platform/feedback'
import { DEFAULT_DISTRICT } from './district'
import './raise.scss'

export default function RaisePage() {
  const { params } = useRouter()
  const venueId = params.venueId ?? DEFAULT_DISTRICT
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [error, setError] = useState<{ field?: string; message: string }>()
  const [busy, setBusy] = useState(false)
  const errorOf = (field: string): string | undefined => (error?.field === field ? error.message : undefined)

  const submit = async () => {
    if (busy) return
    const checked = validate(raiseTopicSchema, { venueId, title, description })
    if (!checked.ok) return setError(checked)
    setError(undefined)
    setBusy(true)
    const res = await call('community', 'raiseTopic', checked.value)
    if (!res.ok) {
      setBusy(false)
      if (res.field === 'title' || res.field === 'description') setError(res)
      else alertFail('没能提交议题', res)
      return
    }
    void Taro.showToast({ title: '议题已提交', icon: 'success' })
    void Taro.redirectTo({ url: `/packages/deliberation/topic?topicId=${res.data.topic._id}` })
  }

  return (
    <PageShell className='raise'>
      <View className='card'>
        <View className='card__text'>说说商圈里大家关心、需要一起商量的事。社区会安排议事会，议定方案后大家投票。</View>
        <FormField label='议题' name='title' error={errorOf('title')} limit={{ text: title, max: TOPIC_TITLE_MAX }}>
          <Input className='form-input' id='raise-title' placeholder='例如：外卖骑手临时停车点设置' value={title} onInput={(e) => setTitle(e.detail.value)} />
        </FormField>
        <FormField label='议题说明' name='description' error={errorOf('description')} limit={{ text: description, max: TOPIC_DESCRIPTION_MAX }} hint='发生了什么，影响到谁，希望怎么解决'>
          <Textarea className='raise__textarea' id='raise-description' maxlength={-1} placeholder='例如：午高峰商圈门口电动车乱停，挡了消防通道……' value={description} onInput={(e) => setDescription(e.detail.value)} />
        </FormField>
        <Button type='primary' block className='tap-target' id='raise-submit' loading={busy} disabled={busy} onClick={() => void submit()}>
          提交议题
        </Button>
      </View>
    </PageShell>
  )
}
