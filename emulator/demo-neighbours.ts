/**
 * The demo's neighbours: twenty riders, couriers, drivers and residents around the centres who book classes, serve
 * as volunteers, register and have needs, so rosters have names and boards have numbers. Who they are is written
 * once, here, in a module of its own: demo-data.ts seeds them as users and imports the parts that fill the
 * curriculum's collections (demo-volunteer.ts) and the service lists (demo-services.ts), which pick people among
 * them too — a helper in demo-data.ts would be an import cycle.
 */
import type { UserGroup } from '@core/api/user'
import { DAY_MS } from '@core/time'
import type { UserDoc } from '@core/user'

const NEIGHBOURS: readonly { name: string; group: UserGroup; community: string }[] = [
  { name: '外卖骑手小张', group: 'rider', community: '酒泉路街道' },
  { name: '快递员老刘', group: 'courier', community: '酒泉路街道' },
  { name: '网约车司机马师傅', group: 'driver', community: '雁南街道' },
  { name: '骑手阿杰', group: 'rider', community: '张掖路街道' },
  { name: '快递小哥王磊', group: 'courier', community: '土门墩街道' },
  { name: '社区李姐', group: 'resident', community: '酒泉路街道' },
  { name: '骑手小赵', group: 'rider', community: '皋兰路街道' },
  { name: '出租车司机陈师傅', group: 'driver', community: '雁南街道' },
  { name: '闪送员小孙', group: 'courier', community: '张掖路街道' },
  { name: '骑手大周', group: 'rider', community: '酒泉路街道' },
  { name: '退休教师杨老师', group: 'resident', community: '酒泉路街道' },
  { name: '快递员小何', group: 'courier', community: '安宁西路街道' },
  { name: '骑手小林', group: 'rider', community: '安宁西路街道' },
  { name: '货车司机老高', group: 'driver', community: '刘家堡街道' },
  { name: '骑手小邓', group: 'rider', community: '土门墩街道' },
  { name: '居民韩阿姨', group: 'resident', community: '安宁西路街道' },
  { name: '跑腿小哥阿鹏', group: 'courier', community: '皋兰路街道' },
  { name: '骑手小冯', group: 'rider', community: '酒泉路街道' },
  { name: '代驾师傅老吴', group: 'driver', community: '张掖路街道' },
  { name: '骑手小曹', group: 'rider', community: '雁南街道' }
]

/** The openid of neighbour `n`, counted from 1 as the id reads: neighbourId(4) is demo-neighbor-04. */
export const neighbourId = (n: number): string => `demo-neighbor-${String(n).padStart(2, '0')}`

/** `count` neighbours in a row from the `from`-th (counted from 0), wrapping round: a crew or a class's seats. */
export const neighbours = (from: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) => neighbourId(((from + i) % NEIGHBOURS.length) + 1))

/** A neighbour's group (rider, courier …), or undefined for someone who is not one of them. */
export function neighbourGroup(openid: string): UserGroup | undefined {
  const i = NEIGHBOURS.findIndex((_, j) => neighbourId(j + 1) === openid)
  return i === -1 ? undefined : NEIGHBOURS[i].group
}

/** Their accounts, signed up over the weeks before `now`. */
export function neighbourUsers(now: number): UserDoc[] {
  return NEIGHBOURS.map((n, i) => ({
    _id: neighbourId(i + 1),
    nickname: n.name,
    avatarUrl: '',
    group: n.group,
    community: n.community,
    freeTimes: [],
    roles: [],
    strikes: 0,
    privacyConsentAt: now - (40 - i) * DAY_MS,
    createdAt: now - (40 - i) * DAY_MS,
    updatedAt: now - (40 - i) * DAY_MS
  }))
}
