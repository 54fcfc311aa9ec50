/**
 * Before a first booking: the organizer's roster names people by nickname and 身份, and a booking made without them
 * shows up as 未设置昵称 with no group. So the first 预约 tap of someone without both asks for just these two, in a
 * bottom sheet, saves them through `user.updateProfile` (the session's saveProfile) and hands over to the booking
 * sheet. Laid out like the booking sheet — the primary action above, 返回 in the bottom row — and guarded the same way
 * against the taps of a hurried double-tap.
 */
import { useState } from 'react'
import { Input, View } from '@tarojs/components'
import { Button, Popup } from '@nutui/nutui-react-taro'
import { USER_GROUPS, USER_GROUP_LABELS, type UserGroup, type UserProfile } from '@core/api'
import { groupSchema, nicknameSchema, NICKNAME_MAX } from '@core/user'
import * as s from '@core/schema'
import FormField from '@/components/form-field'
import { problemsOf, type Problems } from '@/components/form-field/problems'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { saveProfile } from '@/session'

/** What a roster needs to recognise someone. */
const introductionSchema = s.object({ nickname: nicknameSchema, group: groupSchema })

/** Whether the profile still lacks what a roster shows (a nickname and 身份). */
export const needsIntroduction = (profile: UserProfile): boolean => profile.nickname.trim() === '' || profile.group === ''

export interface ProfileSheetProps {
  profile: UserProfile
  onClose: () => void
  /** Saved: go on to the booking. */
  onSaved: () => void
}

export default function ProfileSheet({ profile, onClose, onSaved }: ProfileSheetProps) {
  const guard = useArrivalGuard()
  const [nickname, setNickname] = useState(profile.nickname)
  const [group, setGroup] = useState<UserGroup | ''>(profile.group)
  // Problems appear after the first save attempt and then follow each edit, all of them at once.
  const [tried, setTried] = useState(false)
  const [serverProblem, setServerProblem] = useState<string | undefined>(undefined)
  const [saving, setSaving] = useState(false)

  const input = { nickname, group: group === '' ? undefined : group }
  const found: Problems = tried ? problemsOf(introductionSchema, input) : {}
  if (tried && group === '') found.group = '请选择你的身份'

  const save = async () => {
    setTried(true)
    const checked = s.validate(introductionSchema, input)
    if (!checked.ok) return
    setSaving(true)
    const res = await saveProfile(checked.value)
    setSaving(false)
    if (res.ok) onSaved()
    else setServerProblem(res.message)
  }

  return (
    <Popup visible position='bottom' round closeOnOverlayClick={!saving} onOverlayClick={guard(() => true, false)} onClose={onClose} className='profile-sheet'>
      <View className='profile-sheet__body' id='profile-sheet' aria-role='dialog' aria-label='先填一下昵称和身份'>
        <View className='profile-sheet__title'>先填一下昵称和身份</View>
        <View className='profile-sheet__text'>上课名单上用它们认出你，只需要填这一次，以后在「我的」里可以改。</View>
        <FormField label='昵称' name='profile-sheet-nickname-field' error={found.nickname} limit={{ text: nickname, max: NICKNAME_MAX }}>
          <Input
            className='form-input'
            id='profile-sheet-nickname'
            type={process.env.TARO_ENV === 'weapp' ? 'nickname' : 'text'}
            placeholder='例如：骑手小王'
            maxlength={-1}
            value={nickname}
            onInput={(e) => setNickname(e.detail.value)}
            onBlur={(e) => setNickname(e.detail.value)}
          />
        </FormField>
        <FormField label='身份' name='profile-sheet-group-field' error={found.group}>
          <View className='choice-chips' id='profile-sheet-group' aria-role='radiogroup' aria-label='身份'>
            {USER_GROUPS.map((g) => (
              <View
                key={g}
                className={`choice-chips__item${group === g ? ' choice-chips__item--on' : ''}`}
                aria-role='radio'
                aria-checked={group === g}
                onClick={guard(() => setGroup(g))}
              >
                {USER_GROUP_LABELS[g]}
              </View>
            ))}
          </View>
        </FormField>
        {serverProblem ? (
          <View className='profile-sheet__error' id='profile-sheet-error' aria-role='alert'>
            {serverProblem}
          </View>
        ) : null}
        <View className='book-sheet__actions book-sheet__actions--form'>
          <Button className='book-sheet__button' id='profile-sheet-save' type='primary' block loading={saving} onClick={guard(() => void save())}>
            保存并继续预约
          </Button>
          <Button className='book-sheet__button' id='profile-sheet-cancel' fill='outline' block disabled={saving} onClick={guard(onClose)}>
            返回
          </Button>
        </View>
      </View>
    </Popup>
  )
}
