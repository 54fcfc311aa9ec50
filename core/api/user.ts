/** API types of the `user` function, shared by the function and the client. */
export const USER_GROUPS = ['rider', 'courier', 'driver', 'resident', 'other'] as const
export type UserGroup = (typeof USER_GROUPS)[number]

export const USER_GROUP_LABELS: Record<UserGroup, string> = {
  rider: '外卖骑手',
  courier: '快递员',
  driver: '网约车司机',
  resident: '居民',
  other: '其他'
}

export const ROLES = ['organizer', 'provider', 'admin', 'scorer'] as const
export type Role = (typeof ROLES)[number]

/** A weekly window when the person is usually free, wall-clock in Asia/Shanghai. weekday: 1 = Monday … 7 = Sunday. */
export interface FreeTime {
  weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7
  from: string
  to: string
}

export interface UserProfile {
  openid: string
  nickname: string
  /** A cloud storage file id (cloud://…), an https URL, or '' when unset. */
  avatarUrl: string
  group: UserGroup | ''
  community: string
  freeTimes: FreeTime[]
  roles: Role[]
  /** When the person agreed to the privacy notice; absent until they do. */
  privacyConsentAt?: number
  createdAt: number
  updatedAt: number
}

export interface LoginOutput {
  openid: string
  isNew: boolean
  profile: UserProfile
}

export interface UpdateProfileInput {
  nickname?: string
  avatarUrl?: string
  group?: UserGroup
  community?: string
  freeTimes?: FreeTime[]
  /** true records consent to the privacy notice now. */
  privacyConsent?: true
}

export interface UpdateProfileOutput {
  profile: UserProfile
}
