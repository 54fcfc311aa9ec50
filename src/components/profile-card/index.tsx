/**
 * What 我的 shows of the saved profile: avatar (or the nickname's first character, a whole emoji included), nickname,
 * group, community and free-time windows.
 */
import { Image, Text, View } from '@tarojs/components'
import { USER_GROUP_LABELS, type UserProfile } from '@core/api'
import { firstCharacter } from '@core/text'
import { sortFreeTimes } from '@core/user'
import { WEEKDAY_LABELS } from '@core/time'
import { fileUrl } from '@/cloud/call'
import './index.scss'

export default function ProfileCard({ profile }: { profile: UserProfile }) {
  const name = profile.nickname || '未设置昵称'
  const windows = sortFreeTimes(profile.freeTimes)
  return (
    <View className='card profile-card'>
      <View className='profile-card__head'>
        {profile.avatarUrl ? (
          <Image className='profile-card__avatar' src={fileUrl(profile.avatarUrl)} mode='aspectFill' ariaLabel='头像' />
        ) : (
          <View className='profile-card__avatar profile-card__avatar--blank'>{firstCharacter(name)}</View>
        )}
        <View className='profile-card__who'>
          <View className='profile-card__name' id='profile-name'>
            {name}
          </View>
          <View className='profile-card__meta'>
            {profile.group ? <Text className='profile-card__tag'>{USER_GROUP_LABELS[profile.group]}</Text> : null}
            <Text className='profile-card__community'>{profile.community || '未填写所在社区'}</Text>
          </View>
        </View>
      </View>
      <View className='profile-card__free'>
        <Text className='profile-card__free-label'>空闲时间</Text>
        {windows.length === 0 ? (
          <Text className='profile-card__free-none'>未填写</Text>
        ) : (
          windows.map((w) => (
            <Text key={`${w.weekday}-${w.from}`} className='profile-card__free-item'>
              {`${WEEKDAY_LABELS[w.weekday]} ${w.from}–${w.to}`}
            </Text>
          ))
        )}
      </View>
    </View>
  )
}
