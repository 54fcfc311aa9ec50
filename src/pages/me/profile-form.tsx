/**
 * The 我的 edit form: avatar, nickname, group, community, free time. Saves only what changed. The two texts have no
 * input length cap (it would cut them silently, and counts emoji twice); a counter beside each says how long they
 * may be, and the save points out what is too long.
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { type BaseEventOrig, Button as TaroButton, Image, Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import {
  USER_GROUPS,
  USER_GROUP_LABELS,
  type Fail,
  type FreeTime,
  type UpdateProfileInput,
  type UserGroup,
  type UserProfile
} from '@core/api'
import { COMMUNITY_MAX, NICKNAME_MAX, updateProfileSchema } from '@core/user'
import { fileUrl, uploadFile } from '@/cloud/call'
import FormField from '@/components/form-field'
import FreeTimeEditor from '@/components/free-time-editor'
import { saveProfile } from '@/session'
import { validate } from '@core/schema'

interface Draft {
  nickname: string
  avatarUrl: string
  group: UserGroup | ''
  community: string
  freeTimes: FreeTime[]
}

/** What the weapp chooseAvatar button reports (its typings leave the detail untyped): the picked picture's temp path. */
type ChosenAvatar = BaseEventOrig<{ avatarUrl: string }>

type FieldName = keyof Draft
type FieldErrors = Partial<Record<FieldName, string>>

const FIELD_NAMES: readonly FieldName[] = ['nickname', 'avatarUrl', 'group', 'community', 'freeTimes']

const sameWindows = (a: FreeTime[], b: FreeTime[]) =>
  a.length === b.length && a.every((w, i) => w.weekday === b[i].weekday && w.from === b[i].from && w.to === b[i].to)

function changesOf(profile: UserProfile, draft: Draft): UpdateProfileInput {
  const changes: UpdateProfileInput = {}
  if (draft.nickname.trim() !== profile.nickname) changes.nickname = draft.nickname
  if (draft.avatarUrl !== profile.avatarUrl) changes.avatarUrl = draft.avatarUrl
  if (draft.group && draft.group !== profile.group) changes.group = draft.group
  if (draft.community.trim() !== profile.community) changes.community = draft.community
  if (!sameWindows(draft.freeTimes, profile.freeTimes)) changes.freeTimes = draft.freeTimes
  return changes
}

/** `freeTimes.2.to` → `freeTimes`: the form shows each message beside the field it is about. */
function fieldOf(fail: Fail): FieldName | undefined {
  const top = fail.field?.split('.')[0]
  return FIELD_NAMES.find((f) => f === top)
}

export default function ProfileForm({ openid, profile }: { openid: string; profile: UserProfile }) {
  const [draft, setDraft] = useState<Draft>({
    nickname: profile.nickname,
    avatarUrl: profile.avatarUrl,
    group: profile.group,
    community: profile.community,
    freeTimes: profile.freeTimes
  })
  const [errors, setErrors] = useState<FieldErrors>({})
  const [uploading, setUploading] = useState(false)
  const [saving, setSaving] = useState(false)

  const edit = <K extends FieldName>(name: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [name]: value }))
    setErrors((e) => ({ ...e, [name]: undefined }))
  }

  const report = (fail: Fail) => {
    const field = fieldOf(fail)
    if (field) setErrors((e) => ({ ...e, [field]: fail.message }))
    else void Taro.showToast({ title: fail.message, icon: 'none' })
  }

  const takeAvatar = async (localPath: string) => {
    setUploading(true)
    const res = await uploadFile(localPath, `avatars/${openid}`)
    setUploading(false)
    if (res.ok) edit('avatarUrl', res.data.fileID)
    else setErrors((e) => ({ ...e, avatarUrl: res.message }))
  }

  const pickAvatarInBrowser = async () => {
    try {
      // Album only: with both sources Taro first shows its own 拍摄/从相册选择 sheet, while the browser's file
      // picker already offers the camera on phones.
      const picked = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album'] })
      if (picked.tempFilePaths[0]) await takeAvatar(picked.tempFilePaths[0])
    } catch {
      // Closing the file picker without choosing is not an error.
    }
  }

  const save = async () => {
    const changes = changesOf(profile, draft)
    const checked = validate(updateProfileSchema, changes)
    if (!checked.ok) {
      report(checked)
      return
    }
    setSaving(true)
    const res = await saveProfile(changes)
    setSaving(false)
    if (res.ok) void Taro.showToast({ title: '已保存', icon: 'success' })
    else report(res)
  }

  const avatar = (
    <View className='avatar-picker__inner'>
      {draft.avatarUrl ? (
        <Image className='avatar-picker__image' src={fileUrl(draft.avatarUrl)} mode='aspectFill' />
      ) : (
        <View className='avatar-picker__image avatar-picker__image--blank' />
      )}
      <Text className='avatar-picker__label'>{uploading ? '正在上传…' : '选择头像'}</Text>
    </View>
  )

  return (
    <View className='card profile-form'>
      <View className='card__title'>编辑资料</View>
      <FormField label='头像' name='avatarUrl' error={errors.avatarUrl}>
        {process.env.TARO_ENV === 'weapp' ? (
          <TaroButton
            className='avatar-picker'
            id='avatar-picker'
            openType='chooseAvatar'
            disabled={uploading || undefined}
            onChooseAvatar={(e: ChosenAvatar) => void takeAvatar(e.detail.avatarUrl)}
          >
            {avatar}
          </TaroButton>
        ) : (
          <TaroButton
            className='avatar-picker'
            id='avatar-picker'
            disabled={uploading || undefined}
            onClick={() => void pickAvatarInBrowser()}
          >
            {avatar}
          </TaroButton>
        )}
      </FormField>

      <FormField label='昵称' name='nickname' error={errors.nickname} limit={{ text: draft.nickname, max: NICKNAME_MAX }}>
        {/* The WeChat nickname suggestion reliably arrives on blur, not always on input. */}
        <Input
          className='form-input'
          id='profile-nickname'
          type={process.env.TARO_ENV === 'weapp' ? 'nickname' : 'text'}
          placeholder='请输入昵称'
          maxlength={-1}
          value={draft.nickname}
          onInput={(e) => edit('nickname', e.detail.value)}
          onBlur={(e) => edit('nickname', e.detail.value)}
        />
      </FormField>

      <FormField label='身份' name='group' error={errors.group}>
        {/* Five short options: one tap each beats a scroll wheel, for thumbs in gloves too. */}
        <View className='choice-chips' id='profile-group' aria-role='radiogroup' aria-label='身份'>
          {USER_GROUPS.map((g) => (
            <View
              key={g}
              className={`choice-chips__item${draft.group === g ? ' choice-chips__item--on' : ''}`}
              aria-role='radio'
              aria-checked={draft.group === g}
              onClick={() => edit('group', g)}
            >
              {USER_GROUP_LABELS[g]}
            </View>
          ))}
        </View>
      </FormField>

      <FormField label='所在社区' name='community' error={errors.community} limit={{ text: draft.community, max: COMMUNITY_MAX }}>
        <Input
          className='form-input'
          id='profile-community'
          placeholder='例如：酒泉路街道'
          maxlength={-1}
          value={draft.community}
          onInput={(e) => edit('community', e.detail.value)}
        />
      </FormField>

      <FormField label='空闲时间' name='freeTimes' hint='每周通常有空的时段'>
        <FreeTimeEditor value={draft.freeTimes} onChange={(next) => edit('freeTimes', next)} error={errors.freeTimes} />
      </FormField>

      <Button
        type='primary'
        block
        className='profile-form__save'
        id='profile-save'
        loading={saving}
        disabled={uploading}
        onClick={() => void save()}
      >
        保存
      </Button>
    </View>
  )
}
