/**
 * Demo data for the local cloud (`npm start`, `npm run seed -- --reset`, tests with `seed: true`).
 * The centres, their amenities and wording come from the article the product is built from (兰州新兴领域区域性
 * 党群活动服务中心); addresses are street-level and coordinates are GCJ-02, as WeChat's map expects.
 * Identities (DESIGN.md ⚑): demo-organizer organises 友邻空间; demo-rider, demo-courier, demo-resident are ordinary users.
 */
import type { Venue } from '@core/api/venue'
import { DAY_MS } from '@core/time'
import type { UserDoc } from '@core/user'

function demoUsers(now: number): UserDoc[] {
  const joined = (daysAgo: number): number => now - daysAgo * DAY_MS
  return [
    {
      _id: 'demo-organizer',
      nickname: '友邻空间小马',
      avatarUrl: '',
      group: 'other',
      community: '酒泉路街道',
      freeTimes: [],
      roles: ['organizer'],
      venueIds: ['venue-youlin'],
      strikes: 0,
      privacyConsentAt: joined(60),
      createdAt: joined(60),
      updatedAt: joined(60)
    },
    {
      _id: 'demo-rider',
      nickname: '骑手小王',
      avatarUrl: '',
      group: 'rider',
      community: '酒泉路街道',
      // Riders are busiest at lunch and dinner: free after the evening peak, and a longer Sunday evening.
      freeTimes: [
        { weekday: 1, from: '19:30', to: '21:30' },
        { weekday: 2, from: '19:30', to: '21:30' },
        { weekday: 3, from: '19:30', to: '21:30' },
        { weekday: 4, from: '19:30', to: '21:30' },
        { weekday: 5, from: '19:30', to: '21:30' },
        { weekday: 7, from: '18:30', to: '21:30' }
      ],
      roles: [],
      strikes: 0,
      privacyConsentAt: joined(21),
      createdAt: joined(21),
      updatedAt: joined(3)
    },
    {
      _id: 'demo-courier',
      nickname: '快递员小李',
      avatarUrl: '',
      group: 'courier',
      community: '土门墩街道马滩南路社区',
      freeTimes: [
        { weekday: 2, from: '12:30', to: '14:00' },
        { weekday: 4, from: '12:30', to: '14:00' },
        { weekday: 6, from: '18:30', to: '21:00' }
      ],
      roles: [],
      strikes: 0,
      privacyConsentAt: joined(14),
      createdAt: joined(14),
      updatedAt: joined(14)
    },
    {
      _id: 'demo-resident',
      nickname: '幸福里王阿姨',
      avatarUrl: '',
      group: 'resident',
      community: '刘家堡街道幸福里社区',
      freeTimes: [
        { weekday: 1, from: '09:00', to: '11:30' },
        { weekday: 3, from: '09:00', to: '11:30' },
        { weekday: 5, from: '09:00', to: '11:30' }
      ],
      roles: [],
      strikes: 0,
      privacyConsentAt: joined(30),
      createdAt: joined(30),
      updatedAt: joined(30)
    }
  ]
}

type VenueInfo = Omit<Venue, 'createdAt' | 'updatedAt'>

const VENUES: VenueInfo[] = [
  {
    _id: 'venue-youlin',
    name: '友邻空间',
    fullName: '“友邻空间”新兴领域区域性党群活动服务中心',
    district: '城关区',
    street: '酒泉路街道',
    address: '兰州市城关区酒泉路街道酒泉路与张掖路交叉口东北侧',
    lat: 36.06105,
    lng: 103.83208,
    hours: '每天 09:00–21:30（晚间课程至 21:30）',
    open24h: false,
    amenities: ['青年之家', '职工之家', '多功能教室', '休息区', '充电区', '饮水热饭'],
    description:
      '围绕文化、艺术、健康、生活技能等领域，结合“两企三新”不同群体的工作生活作息，开设书法、瑜伽、朗诵、调配咖啡等课程，' +
      '为城市新兴领域青年量身定制“文化套餐”；建立“青年之家”“职工之家”，实现阵地、文化、服务、资源共享。'
  },
  {
    _id: 'venue-lanmu',
    name: '岚沐文创园',
    fullName: '岚沐文创园新兴领域区域性党群活动服务中心',
    district: '七里河区',
    street: '建兰路街道',
    address: '兰州市七里河区建兰路街道岚沐文创园内',
    lat: 36.05256,
    lng: 103.80127,
    hours: '周一至周六 09:00–20:00',
    open24h: false,
    amenities: ['党建展示区', '学习培训室', '组织生活室', '休息区', '充电区'],
    description:
      '占地面积2000平方米，辐射半径约2公里，覆盖辖区321个非公企业、22个社会组织和12个党群组织，' +
      '直接为986名新业态从业人员提供服务；定期开展组织生活、学习培训会。'
  },
  {
    _id: 'venue-benma',
    name: '奔马车行',
    fullName: '奔马车行新兴领域区域性党群活动服务中心',
    district: '城关区',
    street: '雁南街道',
    address: '兰州市城关区雁南路兰州奔马集团车行院内',
    lat: 36.06542,
    lng: 103.88436,
    hours: '每天 08:00–22:00',
    open24h: false,
    amenities: ['党建展示区', '图书阅读区', '充电区', '休息区'],
    description:
      '坚持人文关怀和组织引领并重，聚焦新业态就业群体“急难愁盼”；党建展示区、图书阅读区、充电区、休息区等功能区域' +
      '一应俱全，满足出租车、网约车驾驶员等新就业群体多层次、多元化需求。'
  },
  {
    _id: 'venue-laojie',
    name: '兰州老街',
    fullName: '兰州老街新兴领域区域性党群活动服务中心',
    district: '七里河区',
    street: '土门墩街道',
    address: '兰州市七里河区土门墩街道西津西路兰州老街商圈（马滩南路社区）二楼',
    lat: 36.07912,
    lng: 103.74455,
    hours: '每天 09:00–21:00',
    open24h: false,
    amenities: ['党员活动室', '会议室', '休息区', '充电区', '饮水热饭'],
    description:
      '位于人口众多、商业繁华，外卖员、快递员等新就业群体密集的兰州老街商圈；按照“党建引领、区域统筹、资源整合、共建共享”' +
      '的原则运营，让新就业群体“愿意来、喜欢来，还想来”。'
  },
  {
    _id: 'venue-xingfuli',
    name: '幸福里社区',
    fullName: '幸福里社区新兴领域区域性党群活动服务中心',
    district: '安宁区',
    street: '刘家堡街道',
    address: '兰州市安宁区刘家堡街道幸福里社区党群服务中心一楼',
    lat: 36.09953,
    lng: 103.73318,
    hours: '每天 08:30–21:00；小区门岗暖蜂驿站随时可进',
    open24h: false,
    amenities: ['暖蜂驿站', '手机充电', '歇脚休息', '纳凉避暑', '饮用水'],
    description:
      '成立暖“新”爱心企业联盟，打造“15分钟暖新服务圈”：以服务中心为“圆心”、辖区小区物业和商铺为“半径”，' +
      '在各小区门岗、部分商铺设置暖蜂驿站，手机没电可以充电，累了乏了可以歇脚，天热可以乘凉。'
  },
  {
    _id: 'venue-zaolinxi',
    name: '枣林西社区',
    fullName: '枣林西社区新兴领域区域性党群活动服务中心',
    district: '安宁区',
    street: '安宁西路街道',
    address: '兰州市安宁区安宁西路街道枣林西社区',
    lat: 36.10488,
    lng: 103.69871,
    hours: '24小时便民服务点全天开放',
    open24h: true,
    amenities: ['24小时便民服务点', '喝水热饭', '车辆充电', '途中休息', '“红色暖洋”公共图书馆', '科普驿站', '创客新空间'],
    description:
      '聚焦新就业群体喝水热饭、车辆充电、途中休息等“第一需求”，打造24小时便民服务点，提供全天候服务；' +
      '依托“红色暖洋”公共图书馆、科普驿站、创客新空间，开展普法知识小讲堂、技能培训、团队协作等活动。'
  }
]

/** Every demo document by collection, timestamped relative to `now` (epoch ms). */
export function demoData(now: number): Record<string, object[]> {
  return {
    users: demoUsers(now),
    venues: VENUES.map((v) => ({ ...v, amenities: [...v.amenities], createdAt: now - 90 * DAY_MS, updatedAt: now - 90 * DAY_MS }))
  }
}
