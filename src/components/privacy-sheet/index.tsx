/**
 * The privacy notice, shown whenever something needs consent (privacy/store). Rendered by every page but shown only
 * on the one in front, so a hidden tab page never holds a second copy. Centred rather than a bottom sheet: on H5 the
 * tab bar sits above the page layer and would cover a sheet's buttons.
 */
import { useState } from 'react'
import Taro, { useDidHide, useDidShow } from '@tarojs/taro'
import { Button as TaroButton, Text, View } from '@tarojs/components'
import { Button, Popup } from '@nutui/nutui-react-taro'
import { AGREE_BUTTON_ID, answerConsent, usePrivacyPrompt } from '@/privacy/store'
import './index.scss'

/** What the app collects and why, in the words of the 我的 page. */
const COLLECTED = [
  '头像、昵称：在预约名单和活动签到中识别你；',
  '身份（骑手、快递员、网约车司机、居民等）和所在社区：为你匹配合适的课程和服务；',
  '空闲时间：帮你找到时间合适的课程。'
]

export default function PrivacySheet() {
  const prompt = usePrivacyPrompt()
  const [inFront, setInFront] = useState(true)
  useDidShow(() => setInFront(true))
  useDidHide(() => setInFront(false))

  if (!prompt || !inFront) return null
  return (
    <Popup visible position='center' round closeOnOverlayClick={false} className='privacy-sheet'>
      <View className='privacy-sheet__body'>
        <View className='privacy-sheet__title'>隐私保护提示</View>
        <View className='privacy-sheet__text'>
          在使用个人资料相关功能前，请阅读并同意
          {process.env.TARO_ENV === 'weapp' ? (
            <Text className='privacy-sheet__link' onClick={() => Taro.openPrivacyContract({})}>
              {prompt.contractName}
            </Text>
          ) : (
            <Text className='privacy-sheet__contract'>{prompt.contractName}</Text>
          )}
          。友邻空间会收集：
        </View>
        {COLLECTED.map((line) => (
          <View key={line} className='privacy-sheet__item'>
            {line}
          </View>
        ))}
        <View className='privacy-sheet__text'>这些信息只用于友邻空间的服务，你可以随时在「我的」中修改。</View>
        <View className='privacy-sheet__actions'>
          <Button className='privacy-sheet__decline tap-target' fill='outline' onClick={() => answerConsent(false)}>
            暂不同意
          </Button>
          {process.env.TARO_ENV === 'weapp' ? (
            <TaroButton
              id={AGREE_BUTTON_ID}
              className='privacy-sheet__agree'
              openType='agreePrivacyAuthorization'
              onAgreePrivacyAuthorization={() => answerConsent(true)}
            >
              同意并继续
            </TaroButton>
          ) : (
            <TaroButton id={AGREE_BUTTON_ID} className='privacy-sheet__agree' onClick={() => answerConsent(true)}>
              同意并继续
            </TaroButton>
          )}
        </View>
      </View>
    </Popup>
  )
}
