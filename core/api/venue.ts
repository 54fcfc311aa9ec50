import type { FreeTime } from './user'

/** One published figure of a centre, e.g. {label: '非公企业', value: 321, unit: '个'}; `approx` for 余 (400 余名). */
export interface VenueFigure {
  label: string
  value: number
  unit: string
  approx?: boolean
}

/** A service centre (新兴领域区域性党群活动服务中心) as stored in `venues` and shown to users. */
export interface Venue {
  _id: string
  /** Short name used in lists, e.g. 友邻空间. */
  name: string
  /** Official name of the centre. */
  fullName: string
  district: string
  street: string
  address: string
  /** GCJ-02, the coordinate system WeChat maps use. */
  lat: number
  lng: number
  /** Opening hours as shown to people, e.g. 每天 09:00–21:30. */
  hours: string
  /**
   * The same hours as weekly wall-clock windows (Asia/Shanghai), so 开放中 can be told from the clock; absent where a
   * centre has not published hours that fit a week.
   */
  openingHours?: FreeTime[]
  open24h: boolean
  /** Functional areas (功能区): 党建展示区, 图书阅读区, 充电区, 休息区, 创业直播间, 共享办公室, 法律服务室 … */
  amenities: string[]
  description: string
  /** How far the centre serves (辐射半径), metres. */
  radiusM: number
  /** Floor area (占地面积), m², where the centre has published it. */
  areaM2?: number
  /** The figures the centre has published (the article's): 覆盖非公企业 321 个, 兼职网格员 400 余名 … */
  figures: VenueFigure[]
  createdAt: number
  updatedAt: number
}
