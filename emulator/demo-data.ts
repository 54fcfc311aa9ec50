/**
 * Demo data for the local cloud (`npm start`, `npm run seed -- --reset`, tests with `seed: true`).
 * The centres, their amenities and wording come from the article the product is built from (兰州新兴领域区域性
 * 党群活动服务中心); addresses are street-level and coordinates are GCJ-02, as WeChat's map expects.
 * Identities (DESIGN.md ⚑ Roles): demo-organizer organises 友邻空间 only; demo-admin is an admin of every centre;
 * demo-provider offers resources for one demo organization (甘肃律师志愿团); demo-rider, demo-courier, demo-resident are
 * ordinary users. The questionnaires and their responses are demo-surveys.ts; organizations, resources, services,
 * needs and referrals are demo-services.ts. Besides the coming two weeks, the courses have run for two months: the
 * sessions held (with their attendance) are the centre's "89 场活动" on the service board.
 */
import { randomBytes } from 'crypto'
import type { FreeTime } from '@core/api/user'
import type { Venue } from '@core/api/venue'
import {
  DEFAULT_LOTTERY,
  newBookingDoc,
  newSessionDoc,
  resolvePolicy,
  sessionIdFor,
  settleSessionStrikes,
  type BookingDoc,
  type CourseDoc,
  type CoursePolicy,
  type SessionDoc
} from '@core/booking'
import { DAY_MS, HOUR_MS, MINUTE_MS, atTimeOfDay, startOfDay, weekdayOf, type Weekday } from '@core/time'
import type { UserDoc } from '@core/user'
import { DEMO_PROVIDER_ORG } from './demo-services'
import { gridDemo, gridDemoUsers } from './demo-grid'
import { deliberationDemo, deliberationUsers } from './demo-deliberation'
import { volunteerDemo } from './demo-volunteer'
import { neighbours, neighbourUsers } from './demo-neighbours'
import { starsDemo, starUsers } from './demo-stars'

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
    },
    {
      _id: 'demo-admin',
      nickname: '城关区党群中心管理员',
      avatarUrl: '',
      group: 'other',
      community: '酒泉路街道',
      freeTimes: [],
      // An admin manages every centre; the organizer role lets today's clients show the 管理端 entry.
      roles: ['organizer', 'admin'],
      strikes: 0,
      privacyConsentAt: joined(90),
      createdAt: joined(90),
      updatedAt: joined(90)
    },
    {
      _id: 'demo-provider',
      nickname: '甘肃律师志愿团刘律师',
      avatarUrl: '',
      group: 'other',
      community: '张掖路街道',
      freeTimes: [{ weekday: 2, from: '19:00', to: '21:00' }],
      roles: ['provider'],
      orgIds: [DEMO_PROVIDER_ORG],
      strikes: 0,
      privacyConsentAt: joined(45),
      createdAt: joined(45),
      updatedAt: joined(45)
    }
  ]
}

type VenueInfo = Omit<Venue, 'createdAt' | 'updatedAt'>

const EVERY_DAY: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7]

/** The published hours as weekly windows, for 开放中 (the `hours` text beside them is what people read). */
const weekly = (days: readonly Weekday[], from: string, to: string): FreeTime[] => days.map((weekday) => ({ weekday, from, to }))

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
    openingHours: weekly(EVERY_DAY, '09:00', '21:30'),
    open24h: false,
    amenities: ['青年之家', '职工之家', '多功能教室', '休息区', '充电区', '饮水热饭'],
    description:
      '围绕文化、艺术、健康、生活技能等领域，结合“两企三新”不同群体的工作生活作息，开设书法、瑜伽、朗诵、调配咖啡等课程，' +
      '为城市新兴领域青年量身定制“文化套餐”；建立“青年之家”“职工之家”，实现阵地、文化、服务、资源共享。',
    radiusM: 1500,
    figures: [
      { label: '需求清单', value: 27, unit: '个' },
      { label: '资源清单', value: 18, unit: '份' },
      { label: '服务清单', value: 31, unit: '项' },
      { label: '累计开展活动', value: 89, unit: '场次' },
      { label: '解决实事需求', value: 35, unit: '件' }
    ]
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
    openingHours: weekly([1, 2, 3, 4, 5, 6], '09:00', '20:00'),
    open24h: false,
    amenities: ['党建展示区', '学习培训室', '组织生活室', '休息区', '充电区'],
    description:
      '占地面积2000平方米，辐射半径约2公里，覆盖辖区321个非公企业、22个社会组织和12个党群组织，' +
      '直接为986名新业态从业人员提供服务；定期开展组织生活、学习培训会。',
    radiusM: 2000,
    areaM2: 2000,
    figures: [
      { label: '非公企业', value: 321, unit: '个' },
      { label: '社会组织', value: 22, unit: '个' },
      { label: '党群组织', value: 12, unit: '个' },
      { label: '直接服务新业态从业人员', value: 986, unit: '名' },
      { label: '组织关系安家党员', value: 3, unit: '名' },
      { label: '提交入党申请书', value: 4, unit: '名' }
    ]
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
    openingHours: weekly(EVERY_DAY, '08:00', '22:00'),
    open24h: false,
    amenities: ['党建展示区', '图书阅读区', '充电区', '休息区'],
    description:
      '坚持人文关怀和组织引领并重，聚焦新业态就业群体“急难愁盼”；党建展示区、图书阅读区、充电区、休息区等功能区域' +
      '一应俱全，满足出租车、网约车驾驶员等新就业群体多层次、多元化需求。',
    radiusM: 1500,
    figures: []
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
    openingHours: weekly(EVERY_DAY, '09:00', '21:00'),
    open24h: false,
    amenities: ['党员活动室', '会议室', '休息区', '充电区', '饮水热饭'],
    description:
      '位于人口众多、商业繁华，外卖员、快递员等新就业群体密集的兰州老街商圈；按照“党建引领、区域统筹、资源整合、共建共享”' +
      '的原则运营，让新就业群体“愿意来、喜欢来，还想来”。',
    radiusM: 1500,
    figures: []
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
    openingHours: weekly(EVERY_DAY, '08:30', '21:00'),
    open24h: false,
    amenities: ['暖蜂驿站', '手机充电', '歇脚休息', '纳凉避暑', '饮用水'],
    description:
      '成立暖“新”爱心企业联盟，打造“15分钟暖新服务圈”：以服务中心为“圆心”、辖区小区物业和商铺为“半径”，' +
      '在各小区门岗、部分商铺设置暖蜂驿站，手机没电可以充电，累了乏了可以歇脚，天热可以乘凉。',
    radiusM: 1100,
    figures: [{ label: '暖新服务圈', value: 15, unit: '分钟' }]
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
    openingHours: weekly(EVERY_DAY, '00:00', '23:59'),
    open24h: true,
    amenities: ['24小时便民服务点', '喝水热饭', '车辆充电', '途中休息', '“红色暖洋”公共图书馆', '科普驿站', '创客新空间'],
    description:
      '聚焦新就业群体喝水热饭、车辆充电、途中休息等“第一需求”，打造24小时便民服务点，提供全天候服务；' +
      '依托“红色暖洋”公共图书馆、科普驿站、创客新空间，开展普法知识小讲堂、技能培训、团队协作等活动。',
    radiusM: 1500,
    figures: [{ label: '便民服务点开放', value: 24, unit: '小时' }]
  },
  {
    _id: 'venue-xigu',
    name: '西固区',
    fullName: '西固区新兴领域区域性党群活动服务中心',
    district: '西固区',
    street: '陈坪街道',
    address: '兰州市西固区陈坪街道西固中路社区',
    lat: 36.09517,
    lng: 103.62336,
    hours: '周一至周日 09:00–20:00',
    openingHours: weekly(EVERY_DAY, '09:00', '20:00'),
    open24h: false,
    amenities: ['创业直播间', '共享办公室', '法律服务室', '休息区', '充电区'],
    description:
      '西固中路社区聚合优质服务资源，链接创业直播间、共享办公室、法律服务室等服务项目；辖区7个网点400余名外卖骑手、' +
      '快递小哥加入兼职网格员队伍，发挥“移动探头”作用，既做“宣传员”又当“监督员”。',
    radiusM: 2000,
    figures: [
      { label: '网点', value: 7, unit: '个' },
      { label: '兼职网格员', value: 400, unit: '名', approx: true },
      { label: '解决问题', value: 60, unit: '个', approx: true }
    ]
  },
  {
    _id: 'venue-gaolanlu',
    name: '皋兰路片区',
    fullName: '皋兰路片区新兴领域区域性党群活动服务中心',
    district: '城关区',
    street: '皋兰路街道',
    address: '兰州市城关区皋兰路街道皋兰路片区',
    lat: 36.05872,
    lng: 103.84712,
    hours: '每天 09:00–21:00',
    openingHours: weekly(EVERY_DAY, '09:00', '21:00'),
    open24h: false,
    amenities: ['党建展示区', '网格善治工作站', '休息区', '充电区'],
    description:
      '依托党建引领“网格善治”项目成立“善治合伙人队伍”，吸纳新兴领域党员担任兼职网格员，开展平安建设、文明宣传、' +
      '城市环境和食品卫生监督、公共设施问题反馈、助老扶弱等志愿服务；每月开展“骑士之星”评选，企业和社区双评分，' +
      '量化党员作用发挥的“先锋指数”。',
    radiusM: 1500,
    figures: []
  },
  {
    _id: 'venue-kejiyuan',
    name: '兰州科技创新园',
    fullName: '兰州科技创新园新兴领域区域性党群服务活动中心',
    district: '城关区',
    street: '东岗街道',
    address: '兰州市城关区东岗街道兰州科技创新园',
    lat: 36.04163,
    lng: 103.91845,
    hours: '周一至周五 08:30–18:00',
    openingHours: weekly([1, 2, 3, 4, 5], '08:30', '18:00'),
    open24h: false,
    amenities: ['会议室', '共享办公室', '路演厅', '休息区'],
    description:
      '西北地区的科技创新名片，“两企三新”领域青年人才云集；吸纳新就业群体志愿者为园区内全国、省、市级各类创新科技' +
      '比赛提供支持与赛事保障，东岗街道党工委依托中心召开“大工委暨党建联席会议”，签订共驻共建协议。',
    radiusM: 2000,
    figures: []
  },
  {
    _id: 'venue-ruide',
    name: '瑞德摩尔商圈',
    fullName: '瑞德摩尔商圈片区新兴领域区域性党群活动服务中心',
    district: '城关区',
    street: '东岗西路街道',
    address: '兰州市城关区五里铺社区瑞德摩尔商圈',
    lat: 36.05166,
    lng: 103.86291,
    hours: '每天 10:00–22:00',
    openingHours: weekly(EVERY_DAY, '10:00', '22:00'),
    open24h: false,
    amenities: ['协商议事厅', '商圈工作站', '休息区', '充电区'],
    description:
      '辐射辖区内大型商贸综合体5家，个体工商户2425家、商务楼宇规下企业588家、规上企业4家；五里铺社区成立主要由' +
      '“两企三新”构成的商圈专业工作队伍开展协商议事，让“商圈的事大家商量着办”。',
    radiusM: 1500,
    figures: [
      { label: '大型商贸综合体', value: 5, unit: '家' },
      { label: '个体工商户', value: 2425, unit: '家' },
      { label: '规下企业', value: 588, unit: '家' },
      { label: '规上企业', value: 4, unit: '家' }
    ]
  }
]

interface Slot {
  weekdays: Weekday[]
  start: string
  minutes: number
  capacity: number
}

interface CourseSpec {
  course: Omit<CourseDoc, 'policy' | 'status' | 'createdAt' | 'updatedAt'>
  policy?: Partial<CoursePolicy>
  slots: Slot[]
}

/** The curriculum: the four courses the article names, plus the kinds of class its centres run. */
const CURRICULUM: CourseSpec[] = [
  {
    course: {
      _id: 'course-shufa',
      title: '书法入门',
      category: '文化',
      description: '从握笔、坐姿和基本笔画开始，一起写好一手楷书。笔墨纸砚由友邻空间准备，零基础可来，下班路上顺道练一练。',
      cover: '',
      instructor: '马老师',
      venueId: 'venue-youlin'
    },
    slots: [
      { weekdays: [2, 4], start: '19:00', minutes: 90, capacity: 16 },
      { weekdays: [6], start: '14:30', minutes: 90, capacity: 16 }
    ]
  },
  {
    course: {
      _id: 'course-yoga',
      title: '舒缓瑜伽',
      category: '健康',
      description: '针对久坐、久骑和搬运的肩颈腰背放松练习，节奏舒缓，跑完晚高峰来拉伸一小时。垫子和饮水都有。',
      cover: '',
      instructor: '苏老师',
      venueId: 'venue-youlin'
    },
    slots: [{ weekdays: [1, 3, 5], start: '19:30', minutes: 60, capacity: 12 }]
  },
  {
    course: {
      _id: 'course-langsong',
      title: '朗诵与表达',
      category: '艺术',
      description: '读诗、读散文，也练练说话的气息和表达：送单时的沟通、家长会上的发言都用得上。',
      cover: '',
      instructor: '王老师',
      venueId: 'venue-youlin'
    },
    slots: [
      { weekdays: [3], start: '19:00', minutes: 90, capacity: 20 },
      { weekdays: [7], start: '15:00', minutes: 90, capacity: 20 }
    ]
  },
  {
    course: {
      _id: 'course-coffee',
      title: '调配咖啡',
      category: '生活技能',
      description: '手冲、意式和拉花入门，每人亲手做一杯。名额少、报名多，采用抽签：开课前一天抽签，第一次来和上次没抽中的人中签机会更大。',
      cover: '',
      instructor: '咖啡师小周',
      venueId: 'venue-youlin'
    },
    policy: { lottery: { ...DEFAULT_LOTTERY } },
    slots: [{ weekdays: [6], start: '15:00', minutes: 120, capacity: 8 }]
  },
  {
    course: {
      _id: 'course-pufa',
      title: '普法小讲堂',
      category: '文化',
      description: '劳动合同、工伤认定、交通事故处理、平台规则申诉：律师用真实案例讲新就业群体最常遇到的法律问题，可现场咨询。',
      cover: '',
      instructor: '甘肃律师志愿团',
      venueId: 'venue-zaolinxi'
    },
    slots: [{ weekdays: [2], start: '19:30', minutes: 60, capacity: 30 }]
  },
  {
    course: {
      _id: 'course-photo',
      title: '手机摄影',
      category: '艺术',
      description: '用手机拍好城市街景和身边的人：构图、光线和后期修图，课后一起去黄河边拍夜景。',
      cover: '',
      instructor: '摄影师阿辉',
      venueId: 'venue-youlin'
    },
    slots: [{ weekdays: [7], start: '19:00', minutes: 90, capacity: 15 }]
  },
  {
    course: {
      _id: 'course-firstaid',
      title: '急救技能',
      category: '健康',
      description: '心肺复苏、AED 使用、止血包扎和交通事故现场处置，红十字会培训师带练，路上遇到事能帮上忙。',
      cover: '',
      instructor: '红十字会培训师',
      venueId: 'venue-zaolinxi'
    },
    slots: [
      { weekdays: [4], start: '19:00', minutes: 120, capacity: 20 },
      { weekdays: [6], start: '14:00', minutes: 120, capacity: 20 }
    ]
  }
]

const DEMO_DAYS = 14

/** The sessions of the next two weeks (Shanghai wall clock), the seat tables empty. */
function plannedSessions(now: number, courses: CourseDoc[]): SessionDoc[] {
  const out: SessionDoc[] = []
  const today = startOfDay(now)
  for (const spec of CURRICULUM) {
    const course = courses.find((c) => c._id === spec.course._id) as CourseDoc
    for (let d = 0; d < DEMO_DAYS; d++) {
      const day = today + d * DAY_MS
      for (const slot of spec.slots) {
        if (!slot.weekdays.includes(weekdayOf(day))) continue
        const startAt = atTimeOfDay(day, slot.start)
        // Lottery classes only where registration is still open, so the draw happens while the demo runs.
        const drawAt = course.policy.lottery ? startAt - course.policy.lottery.closesBeforeH * HOUR_MS : startAt
        if (startAt <= now || drawAt <= now) continue
        const planned = { _id: sessionIdFor(course._id, startAt), courseId: course._id, startAt, endAt: startAt + slot.minutes * MINUTE_MS, capacity: slot.capacity }
        out.push(newSessionDoc(planned, course, randomBytes(16).toString('hex'), now - 7 * DAY_MS))
      }
    }
  }
  return out.sort((a, b) => a.startAt - b.startAt)
}

/** Sessions held before the demo's week with attendance taken: with last week's 书法 class, the 89 activities held. */
export const HELD_SESSIONS = 88

/**
 * The classes of the weeks before: each course's weekly slots, newest first, until HELD_SESSIONS — each held, settled
 * and attended by a handful of neighbours (no strikes: everyone came). The lottery class is drawn.
 */
function heldSessions(now: number, courses: CourseDoc[], taken: ReadonlySet<string>): { sessions: SessionDoc[]; bookings: BookingDoc[] } {
  const sessions: SessionDoc[] = []
  const bookings: BookingDoc[] = []
  const lastWeek = startOfDay(now) - 7 * DAY_MS
  for (let d = 1; sessions.length < HELD_SESSIONS; d++) {
    const day = lastWeek - d * DAY_MS
    for (const spec of CURRICULUM) {
      for (const slot of spec.slots) {
        if (sessions.length >= HELD_SESSIONS || !slot.weekdays.includes(weekdayOf(day))) continue
        const course = courses.find((c) => c._id === spec.course._id) as CourseDoc
        const startAt = atTimeOfDay(day, slot.start)
        const _id = sessionIdFor(course._id, startAt)
        if (taken.has(_id)) continue
        const session = newSessionDoc({ _id, courseId: course._id, startAt, endAt: startAt + slot.minutes * MINUTE_MS, capacity: slot.capacity }, course, randomBytes(16).toString('hex'), startAt - 7 * DAY_MS)
        const came = neighbours(sessions.length * 3, Math.min(slot.capacity, 4 + (sessions.length % 6)))
        const seated = seatPeople(session, came, [], startAt - 2 * DAY_MS)
        const checkedInAt = startAt - 5 * MINUTE_MS
        for (const b of seated) Object.assign(b, { status: 'attended', checkedInAt })
        session.seats = Object.fromEntries(came.map((o) => [o, { at: startAt - 2 * DAY_MS, checkedInAt }]))
        Object.assign(session, { releasedAt: startAt + 10 * MINUTE_MS, settledAt: session.endAt, remindedFor: startAt, ...(course.policy.lottery ? { drawnAt: startAt - DAY_MS } : {}) })
        sessions.push(session)
        bookings.push(...seated)
      }
    }
  }
  return { sessions: sessions.sort((a, b) => a.startAt - b.startAt), bookings }
}

/** Puts people into a session's seats and waitlist, and writes their bookings to match (as seats.ts would). */
function seatPeople(session: SessionDoc, seated: string[], queued: string[], at: number): BookingDoc[] {
  session.seats = Object.fromEntries(seated.map((o) => [o, { at }]))
  session.booked = seated.length
  session.queue = [...queued]
  session.waiting = Object.fromEntries(queued.map((o) => [o, at]))
  session.waitlistSeq = queued.length
  session.waitlisted = queued.length
  return [
    ...seated.map((openid) => newBookingDoc(session, openid, 'confirmed', at)),
    ...queued.map((openid, i) => newBookingDoc(session, openid, 'waitlisted', at, { position: i + 1 }))
  ]
}

/** Lottery entrants before the draw: waiting without a position, counted in `waitlisted`. */
function enterPeople(session: SessionDoc, entrants: string[], at: number): BookingDoc[] {
  session.waitlisted = entrants.length
  return entrants.map((openid) => newBookingDoc(session, openid, 'waitlisted', at, { lottery: 'entered' }))
}

/**
 * Courses, two weeks of sessions and their bookings, plus one 书法 class last week with its attendance and strikes.
 * The first 瑜伽 class has free seats; the second is full with demo-rider first on its waitlist; the first 书法 class
 * is nearly full (demo-rider and demo-courier have seats); the 调配咖啡 lottery has entrants.
 */
function curriculum(now: number): Record<string, object[]> {
  const created = now - 30 * DAY_MS
  const courses: CourseDoc[] = CURRICULUM.map((spec) => ({
    ...spec.course,
    policy: resolvePolicy(spec.policy),
    status: 'active',
    createdAt: created,
    updatedAt: created
  }))
  const sessions = plannedSessions(now, courses)
  const bookings: BookingDoc[] = []
  const booked = now - 2 * DAY_MS
  const first = (courseId: string, n = 0): SessionDoc | undefined => sessions.filter((s) => s.courseId === courseId)[n]

  const shufa = first('course-shufa')
  if (shufa) bookings.push(...seatPeople(shufa, ['demo-rider', 'demo-courier', ...neighbours(0, shufa.capacity - 4)], [], booked))
  const yogaFull = first('course-yoga', 1)
  if (yogaFull) {
    bookings.push(...seatPeople(yogaFull, ['demo-courier', ...neighbours(3, yogaFull.capacity - 1)], ['demo-rider', ...neighbours(16, 2)], booked))
  }
  const yogaOpen = first('course-yoga')
  if (yogaOpen) bookings.push(...seatPeople(yogaOpen, neighbours(8, 5), [], booked))
  const pufa = first('course-pufa')
  if (pufa) bookings.push(...seatPeople(pufa, ['demo-resident', ...neighbours(10, 9)], [], booked))
  const coffee = first('course-coffee')
  if (coffee) bookings.push(...enterPeople(coffee, ['demo-resident', 'demo-courier', ...neighbours(0, 12)], booked))

  // Last week's 书法 class: held, with attendance taken, seats released and strikes settled.
  const lastWeekStart = atTimeOfDay(startOfDay(now) - 7 * DAY_MS, '19:00')
  const past = newSessionDoc(
    { _id: sessionIdFor('course-shufa', lastWeekStart), courseId: 'course-shufa', startAt: lastWeekStart, endAt: lastWeekStart + 90 * MINUTE_MS, capacity: 16 },
    courses[0],
    randomBytes(16).toString('hex'),
    now - 14 * DAY_MS
  )
  const came = ['demo-rider', ...neighbours(0, 10)]
  const missed = neighbours(10, 2)
  const pastBookings = seatPeople(past, [...came, ...missed], [], lastWeekStart - 2 * DAY_MS)
  for (const b of pastBookings) {
    if (came.includes(b.openid)) Object.assign(b, { status: 'attended', checkedInAt: lastWeekStart - 5 * MINUTE_MS })
    else Object.assign(b, { status: 'no_show', releasedAt: lastWeekStart + 10 * MINUTE_MS })
  }
  past.seats = Object.fromEntries(came.map((o) => [o, { at: lastWeekStart - 2 * DAY_MS, checkedInAt: lastWeekStart - 5 * MINUTE_MS }]))
  past.booked = came.length
  past.releasedAt = lastWeekStart + 10 * MINUTE_MS
  past.settledAt = past.endAt
  const strikes = settleSessionStrikes(past, pastBookings, [], past.endAt).upsert
  bookings.push(...pastBookings)
  const held = heldSessions(now, courses, new Set([past._id]))
  bookings.push(...held.bookings)

  return { courses, sessions: [...held.sessions, past, ...sessions], bookings, strikes }
}

/** Every demo document by collection, timestamped relative to `now` (epoch ms). */
export function demoData(now: number): Record<string, object[]> {
  return {
    users: [
      ...demoUsers(now),
      ...neighbourUsers(now),
      ...gridDemoUsers(now),
      ...starUsers(now),
      ...deliberationUsers(now),
    ],
    venues: VENUES.map((v) => ({ ...v, amenities: [...v.amenities], figures: v.figures.map((f) => ({ ...f })), openingHours: v.openingHours?.map((w) => ({ ...w })), createdAt: now - 90 * DAY_MS, updatedAt: now - 90 * DAY_MS })),
    // The volunteer activities are courses: appended to the curriculum's collections (demo-volunteer.ts).
    ...volunteerDemo(now, curriculum(now)),
    ...gridDemo(now),
    ...starsDemo(now),
    ...deliberationDemo(now),
  }
}
