/**
 * The demo 需求清单, 资源清单 and 服务清单 (issue 9), at the article's scale: 27 kinds of need on the centres' lists
 * (with the two approved from the questionnaire, demo-surveys.ts), 18 registered resources, 31 services across 健康义诊,
 * 照看子女, 法律咨询, 就业创业, 权益保障, 婚恋交友, 技能提升 and the riders' 歇脚补给 at the named centres, the
 * organizations behind them (enterprises, 社会组织, merchants, party organizations — demo-provider's 甘肃律师志愿团
 * among them), 暖蜂驿站 stations around 幸福里 and 枣林西's 24-hour point, and a couple of months of needs with their
 * referrals in every status: 35 needs solved, people served in every group, declines for 名额已满 — so a new user sees
 * a living board. (The 89 activities held are the past course sessions with attendance in demo-data.ts.)
 *
 * Documents are stored exactly as the `service` function stores them: needs built by its records.ts, segmented by
 * its segmenter and sealed with this store's data key (repo/sealed-needs.ts), requesters named by the keyed hash of their openid under this store's data key (requester.ts), every
 * history written by core's status machines. demo-rider, demo-courier and demo-resident each have needs to follow in
 * 我的需求, and demo-provider has referrals waiting at each step. The demo identities have accepted the service's
 * subscribe messages a few times (messageConsents), so the local outbox shows the messages their steps send.
 */
import type { UserGroup } from '@core/api/user'
import {
  actOnReferral,
  messageConsentIdFor,
  moveNeed,
  referralIdFor,
  type CapacityPeriod,
  type DeclineReason,
  type MatchingTemplate,
  type MessageConsentDoc,
  type NeedDoc,
  type NeedStatus,
  type OrganizationDoc,
  type OrganizationKind,
  type ReferralAction,
  type ReferralDoc,
  type ResourceDoc,
  type ServiceDoc,
  type Urgency,
  type WeeklyWindow
} from '@core/matching'
import { DAY_MS, HOUR_MS, type Weekday } from '@core/time'
import { newNeed } from '../cloudfunctions/service/records'
import { sealNeed } from '../cloudfunctions/service/repo/sealed-needs'
import { requesterKeyFor } from '../cloudfunctions/service/requester'
import { segment } from '../cloudfunctions/service/segment'
import type { DataKeys } from '../cloudfunctions/_shared/sealing'
import { neighbourGroup, neighbourId } from './demo-neighbours'

/** The organization demo-provider acts for. */
export const DEMO_PROVIDER_ORG = 'org-gansu-lawyers'

interface Centre {
  _id: string
  name: string
  address: string
  lat: number
  lng: number
}

/** The centres' places (GCJ-02, as demo-data.ts's venues). */
const CENTRES: Record<string, Centre> = {
  youlin: { _id: 'venue-youlin', name: '友邻空间', address: '兰州市城关区酒泉路街道酒泉路与张掖路交叉口东北侧', lat: 36.06105, lng: 103.83208 },
  lanmu: { _id: 'venue-lanmu', name: '岚沐文创园', address: '兰州市七里河区建兰路街道岚沐文创园内', lat: 36.05256, lng: 103.80127 },
  benma: { _id: 'venue-benma', name: '奔马车行', address: '兰州市城关区雁南路兰州奔马集团车行院内', lat: 36.06542, lng: 103.88436 },
  laojie: { _id: 'venue-laojie', name: '兰州老街', address: '兰州市七里河区土门墩街道西津西路兰州老街商圈（马滩南路社区）二楼', lat: 36.07912, lng: 103.74455 },
  xingfuli: { _id: 'venue-xingfuli', name: '幸福里社区', address: '兰州市安宁区刘家堡街道幸福里社区党群服务中心一楼', lat: 36.09953, lng: 103.73318 },
  zaolinxi: { _id: 'venue-zaolinxi', name: '枣林西社区', address: '兰州市安宁区安宁西路街道枣林西社区', lat: 36.10488, lng: 103.69871 }
}
type CentreKey = keyof typeof CENTRES

const ORGANIZATIONS: { _id: string; centre: CentreKey; name: string; kind: OrganizationKind; description: string; contactName: string; contactPhone: string }[] = [
  {
    _id: DEMO_PROVIDER_ORG,
    centre: 'youlin',
    name: '甘肃律师志愿团',
    kind: 'social',
    description: '律师志愿者为新就业群体提供劳动合同、工伤认定、交通事故等法律咨询，每周二晚在枣林西社区普法小讲堂坐班。',
    contactName: '刘律师',
    contactPhone: '0931-8456120'
  },
  { _id: 'org-chengguan-health', centre: 'youlin', name: '酒泉路社区卫生服务中心', kind: 'government', description: '家庭医生签约、免费体检和慢病随访，定期到服务中心义诊。', contactName: '张医生', contactPhone: '0931-8812345' },
  { _id: 'org-youth-social', centre: 'youlin', name: '兰州青禾社会工作服务中心', kind: 'social', description: '社工和志愿者开展课后托管、心理疏导和青年联谊。', contactName: '马社工', contactPhone: '0931-8620317' },
  { _id: 'org-hr-station', centre: 'lanmu', name: '七里河区就业服务站', kind: 'government', description: '岗位推荐、创业担保贷款咨询和职业技能补贴申领。', contactName: '王老师', contactPhone: '0931-2345678' },
  { _id: 'org-union', centre: 'benma', name: '城关区总工会新就业形态工会联合会', kind: 'party', description: '入会、职工互助保障、欠薪和劳动权益投诉的受理与协调。', contactName: '李主席', contactPhone: '0931-8765432' },
  { _id: 'org-platform-station', centre: 'laojie', name: '兰州某外卖平台城市站', kind: 'enterprise', description: '骑手安全骑行培训、职业伤害保障咨询和站点休息室。', contactName: '赵站长', contactPhone: '0931-2678901' },
  { _id: 'org-xingfuli-property', centre: 'xingfuli', name: '幸福里物业暖“新”爱心联盟', kind: 'merchant', description: '小区门岗和商铺设立暖蜂驿站：手机充电、歇脚、纳凉和饮水。', contactName: '周经理', contactPhone: '0931-7601234' },
  { _id: 'org-zaolinxi-party', centre: 'zaolinxi', name: '枣林西社区党委', kind: 'party', description: '24小时便民服务点、“红色暖洋”图书馆、科普驿站和创客新空间。', contactName: '孙书记', contactPhone: '0931-7709876' },
  { _id: 'org-redcross', centre: 'zaolinxi', name: '兰州红十字应急救护培训中心', kind: 'social', description: '心肺复苏、AED 和交通事故现场处置培训，合格者发放救护员证。', contactName: '韩老师', contactPhone: '0931-8890011' }
]

const week = (days: Weekday[], from: string, to: string): WeeklyWindow[] => days.map((weekday) => ({ weekday, from, to }))
const EVERY_DAY: Weekday[] = [1, 2, 3, 4, 5, 6, 7]
const ALL_DAY = week(EVERY_DAY, '00:00', '23:59')

/** A point at `north`, `east` metres from a centre (stations around a centre). */
const near = (centre: Centre, north: number, east: number) => ({
  lat: Math.round((centre.lat + north / 111_195) * 1e5) / 1e5,
  lng: Math.round((centre.lng + east / (111_195 * Math.cos((centre.lat * Math.PI) / 180))) * 1e5) / 1e5
})

interface ResourceSpec {
  _id: string
  centre: CentreKey
  orgId: string
  kind: string
  title: string
  description: string
  quantity: number
  unit: string
  availability: WeeklyWindow[]
  at?: { north: number; east: number }
}

/** The 资源清单: 18 items, seven of them 驿站 points (several resources at one spot make one point on the map). */
const RESOURCES: ResourceSpec[] = [
  { _id: 'res-lawyer-evening', centre: 'youlin', orgId: DEMO_PROVIDER_ORG, kind: 'PROFESSIONAL_LAWYER', title: '律师志愿咨询（晚间）', description: '每周三、五晚在友邻空间坐班', quantity: 6, unit: '小时', availability: week([3, 5], '19:00', '21:00') },
  { _id: 'res-lawyer-zaolinxi', centre: 'zaolinxi', orgId: DEMO_PROVIDER_ORG, kind: 'PROFESSIONAL_LAWYER', title: '普法小讲堂律师坐班', description: '每周二晚普法小讲堂后现场咨询', quantity: 2, unit: '小时', availability: week([2], '19:30', '21:30') },
  { _id: 'res-doctor', centre: 'youlin', orgId: 'org-chengguan-health', kind: 'PROFESSIONAL_DOCTOR', title: '家庭医生义诊', description: '每周六上午量血压、测血糖、健康咨询', quantity: 20, unit: '人', availability: week([6], '09:00', '12:00') },
  { _id: 'res-counselor', centre: 'youlin', orgId: 'org-youth-social', kind: 'PROFESSIONAL_COUNSELOR', title: '心理咨询师', description: '一对一倾听与疏导，预约制', quantity: 4, unit: '人', availability: week([2, 4], '19:00', '21:00') },
  { _id: 'res-trainer-digital', centre: 'lanmu', orgId: 'org-hr-station', kind: 'PROFESSIONAL_TRAINER', title: '数字技能讲师', description: '手机办事、短视频和网店运营入门', quantity: 30, unit: '人', availability: week([6], '14:00', '17:00') },
  { _id: 'res-trainer-safety', centre: 'laojie', orgId: 'org-platform-station', kind: 'PROFESSIONAL_TRAINER', title: '安全骑行教练', description: '电动车安全驾驶与交规讲解', quantity: 25, unit: '人', availability: week([3], '15:00', '17:00') },
  { _id: 'res-childcare-volunteers', centre: 'youlin', orgId: 'org-youth-social', kind: 'VOLUNTEER_CHILDCARE', title: '课后托管志愿者', description: '大学生志愿者辅导作业、陪伴阅读', quantity: 12, unit: '人', availability: week([1, 2, 3, 4, 5], '16:30', '19:30') },
  { _id: 'res-event-volunteers', centre: 'youlin', orgId: 'org-youth-social', kind: 'VOLUNTEER_GENERAL', title: '活动志愿者', description: '联谊和文体活动的组织与服务', quantity: 15, unit: '人', availability: [] },
  { _id: 'res-room-youlin', centre: 'youlin', orgId: 'org-youth-social', kind: 'VENUE_ROOM', title: '青年之家活动室', description: '可容纳40人，晚间和周末开放', quantity: 1, unit: '间', availability: week(EVERY_DAY, '18:00', '21:30') },
  { _id: 'res-jobs', centre: 'lanmu', orgId: 'org-hr-station', kind: 'JOB_OFFER', title: '辖区企业招聘岗位', description: '物流、餐饮、物业等岗位，每月更新', quantity: 60, unit: '个', availability: [] },
  { _id: 'res-room-benma', centre: 'benma', orgId: 'org-union', kind: 'VENUE_CLASSROOM', title: '车行培训教室', description: '网约车司机培训与工会活动', quantity: 1, unit: '间', availability: week([1, 3, 5], '14:00', '18:00') },
  { _id: 'res-station-gate3-charge', centre: 'xingfuli', orgId: 'org-xingfuli-property', kind: 'STATION_CHARGING', title: '暖蜂驿站·3号院门岗', description: '幸福里小区3号院门岗', quantity: 6, unit: '个', availability: ALL_DAY, at: { north: 260, east: -180 } },
  { _id: 'res-station-gate3-rest', centre: 'xingfuli', orgId: 'org-xingfuli-property', kind: 'STATION_REST', title: '暖蜂驿站·3号院门岗', description: '幸福里小区3号院门岗', quantity: 4, unit: '个', availability: ALL_DAY, at: { north: 260, east: -180 } },
  { _id: 'res-station-shop-water', centre: 'xingfuli', orgId: 'org-xingfuli-property', kind: 'STATION_WATER', title: '暖蜂驿站·春天便利店', description: '幸福里社区南门春天便利店', quantity: 20, unit: '人次', availability: week(EVERY_DAY, '07:00', '23:00'), at: { north: -420, east: 350 } },
  { _id: 'res-station-shop-charge', centre: 'xingfuli', orgId: 'org-xingfuli-property', kind: 'STATION_CHARGING', title: '暖蜂驿站·春天便利店', description: '幸福里社区南门春天便利店', quantity: 4, unit: '个', availability: week(EVERY_DAY, '07:00', '23:00'), at: { north: -420, east: 350 } },
  { _id: 'res-station-24h-charge', centre: 'zaolinxi', orgId: 'org-zaolinxi-party', kind: 'STATION_CHARGING', title: '枣林西24小时便民服务点', description: '枣林西社区服务中心东侧', quantity: 10, unit: '个', availability: ALL_DAY, at: { north: 40, east: 60 } },
  { _id: 'res-station-24h-meal', centre: 'zaolinxi', orgId: 'org-zaolinxi-party', kind: 'STATION_MEAL', title: '枣林西24小时便民服务点', description: '枣林西社区服务中心东侧', quantity: 30, unit: '人次', availability: ALL_DAY, at: { north: 40, east: 60 } },
  { _id: 'res-station-24h-rest', centre: 'zaolinxi', orgId: 'org-zaolinxi-party', kind: 'STATION_REST', title: '枣林西24小时便民服务点', description: '枣林西社区服务中心东侧', quantity: 12, unit: '个', availability: ALL_DAY, at: { north: 40, east: 60 } }
]

interface ServiceSpec {
  _id: string
  centre: CentreKey
  orgId: string
  title: string
  description: string
  taxonomy: string[]
  groups?: UserGroup[]
  ages?: [number, number]
  schedules: WeeklyWindow[]
  capacity: [number, CapacityPeriod]
  areaM?: number
  /** No place to go (a hotline, a visit at home). */
  remote?: boolean
  resources?: string[]
  amenities?: string[]
  paused?: boolean
}

/** The 服务清单: 31 listed services (two of them paused), plus one draft an organizer is still writing. */
const SERVICES: ServiceSpec[] = [
  // 健康义诊
  { _id: 'svc-health-checkup', centre: 'youlin', orgId: 'org-chengguan-health', title: '周六健康义诊', description: '量血压、测血糖、心电图，家庭医生现场解读体检报告。', taxonomy: ['HEALTH_CHECKUP'], schedules: week([6], '09:00', '12:00'), capacity: [20, 'week'], areaM: 5000, resources: ['res-doctor'] },
  { _id: 'svc-health-mental', centre: 'youlin', orgId: 'org-youth-social', title: '心理疏导一对一', description: '工作压力大、睡不好、和家人闹矛盾，心理咨询师一对一倾听疏导。', taxonomy: ['HEALTH_MENTAL'], schedules: week([2, 4], '19:00', '21:00'), capacity: [4, 'week'], resources: ['res-counselor'] },
  { _id: 'svc-health-injury', centre: 'laojie', orgId: 'org-platform-station', title: '骑手伤病康复指导', description: '腰肌劳损、膝关节和摔伤后的康复训练指导。', taxonomy: ['HEALTH_INJURY'], groups: ['rider', 'courier'], schedules: week([3], '14:00', '17:00'), capacity: [6, 'week'], areaM: 6000 },
  { _id: 'svc-health-zaolinxi', centre: 'zaolinxi', orgId: 'org-chengguan-health', title: '社区健康小屋', description: '自助测量血压血糖，医生每周二下午坐诊。', taxonomy: ['HEALTH'], schedules: week([2], '14:00', '17:00'), capacity: [15, 'week'], areaM: 4000 },
  // 照看子女
  { _id: 'svc-childcare-afterschool', centre: 'youlin', orgId: 'org-youth-social', title: '“小候鸟”课后托管', description: '放学后到晚上七点半，志愿者辅导作业、陪伴阅读，接孩子晚一点也不怕。', taxonomy: ['CHILDCARE_AFTERSCHOOL'], ages: [6, 12], schedules: week([1, 2, 3, 4, 5], '16:30', '19:30'), capacity: [12, 'week'], areaM: 3000, resources: ['res-childcare-volunteers'] },
  { _id: 'svc-childcare-holiday', centre: 'youlin', orgId: 'org-youth-social', title: '暑期托管班', description: '寒暑假白天托管，手工、阅读和体育活动。', taxonomy: ['CHILDCARE_HOLIDAY'], ages: [6, 14], schedules: week([1, 2, 3, 4, 5], '08:30', '17:30'), capacity: [20, 'month'], areaM: 5000 },
  { _id: 'svc-childcare-xingfuli', centre: 'xingfuli', orgId: 'org-xingfuli-property', title: '幸福里四点半课堂', description: '社区活动室里的课后看护和作业辅导。', taxonomy: ['CHILDCARE_AFTERSCHOOL'], ages: [6, 12], schedules: week([1, 2, 3, 4, 5], '16:30', '18:30'), capacity: [10, 'week'], areaM: 2000 },
  // 法律咨询
  { _id: 'svc-legal-night', centre: 'youlin', orgId: DEMO_PROVIDER_ORG, title: '夜间法律咨询', description: '律师晚间坐班，劳动合同、欠薪、工伤认定、交通事故和平台规则申诉，当面或电话咨询。', taxonomy: ['LEGAL'], schedules: week([3, 5], '19:00', '21:00'), capacity: [6, 'week'], areaM: 8000, resources: ['res-lawyer-evening'] },
  { _id: 'svc-legal-labor', centre: 'youlin', orgId: DEMO_PROVIDER_ORG, title: '劳动纠纷代理指导', description: '欠薪、辞退、加班费和社保争议：帮您梳理证据、写仲裁申请。', taxonomy: ['LEGAL_LABOR'], schedules: week([5], '19:00', '21:00'), capacity: [3, 'week'], areaM: 10000, resources: ['res-lawyer-evening'] },
  { _id: 'svc-legal-traffic', centre: 'zaolinxi', orgId: DEMO_PROVIDER_ORG, title: '交通事故法律援助', description: '送餐送件路上出了事故，责任认定、理赔和调解怎么办，律师帮您。', taxonomy: ['LEGAL_TRAFFIC'], schedules: week([2], '19:30', '21:30'), capacity: [3, 'week'], areaM: 10000, resources: ['res-lawyer-zaolinxi'] },
  { _id: 'svc-legal-family', centre: 'lanmu', orgId: 'org-youth-social', title: '婚姻家事调解', description: '离婚、抚养和赡养纠纷的咨询与调解。', taxonomy: ['LEGAL_FAMILY'], schedules: week([6], '14:00', '17:00'), capacity: [4, 'week'], areaM: 8000 },
  { _id: 'svc-legal-hotline', centre: 'benma', orgId: 'org-union', title: '工会法律服务热线', description: '电话咨询合同、债务和劳动纠纷，不用跑腿。', taxonomy: ['LEGAL_CONTRACT', 'LEGAL_LABOR'], schedules: week([1, 2, 3, 4, 5], '09:00', '17:00'), capacity: [30, 'week'], remote: true },
  // 就业创业
  { _id: 'svc-jobs-placement', centre: 'lanmu', orgId: 'org-hr-station', title: '岗位推荐', description: '辖区企业物流、餐饮、物业岗位，按时间和技能帮您推荐。', taxonomy: ['JOBS_PLACEMENT'], schedules: week([1, 2, 3, 4, 5], '09:00', '17:00'), capacity: [30, 'month'], areaM: 12000, resources: ['res-jobs'] },
  { _id: 'svc-jobs-startup', centre: 'lanmu', orgId: 'org-hr-station', title: '创业指导与担保贷款咨询', description: '开小店、做团购，政策、手续和创业担保贷款一次讲清。', taxonomy: ['JOBS_STARTUP'], schedules: week([3], '14:00', '17:00'), capacity: [8, 'month'], areaM: 15000 },
  { _id: 'svc-jobs-fair', centre: 'youlin', orgId: 'org-hr-station', title: '周末招聘会', description: '每月最后一个周六，辖区企业现场招聘。', taxonomy: ['JOBS'], schedules: week([6], '09:30', '12:00'), capacity: [50, 'month'], areaM: 15000 },
  { _id: 'svc-jobs-drivers', centre: 'benma', orgId: 'org-union', title: '网约车司机转岗帮扶', description: '车辆到期、平台清退后的转岗咨询和岗位对接。', taxonomy: ['JOBS_PLACEMENT'], groups: ['driver'], schedules: week([2, 4], '14:00', '17:00'), capacity: [5, 'week'], areaM: 12000, paused: true },
  // 权益保障
  { _id: 'svc-rights-insurance', centre: 'laojie', orgId: 'org-platform-station', title: '职业伤害保障咨询', description: '新就业形态职业伤害保障怎么参保、出事后怎么报案和理赔。', taxonomy: ['RIGHTS_INSURANCE'], groups: ['rider', 'courier', 'driver'], schedules: week([1, 3], '10:00', '12:00'), capacity: [10, 'week'], areaM: 8000 },
  { _id: 'svc-rights-wages', centre: 'benma', orgId: 'org-union', title: '欠薪投诉协调', description: '拖欠工资、克扣押金，工会帮您登记、协调和转交劳动监察。', taxonomy: ['RIGHTS_WAGES'], schedules: week([1, 2, 3, 4, 5], '09:00', '17:00'), capacity: [10, 'week'], areaM: 12000 },
  { _id: 'svc-rights-appeal', centre: 'laojie', orgId: 'org-union', title: '平台规则申诉帮扶', description: '差评、罚款、封号的申诉材料怎么写，工会和站点一起协调。', taxonomy: ['RIGHTS_APPEAL'], groups: ['rider', 'courier', 'driver'], schedules: week([4], '14:00', '17:00'), capacity: [6, 'week'], areaM: 8000 },
  { _id: 'svc-rights-union', centre: 'youlin', orgId: 'org-union', title: '入会和职工互助保障', description: '新就业形态劳动者入会，参加职工互助保障。', taxonomy: ['RIGHTS'], schedules: week([2, 4], '19:00', '21:00'), capacity: [20, 'week'], areaM: 10000 },
  // 婚恋交友
  { _id: 'svc-social-dating', centre: 'youlin', orgId: 'org-youth-social', title: '“遇见·友邻”青年联谊', description: '每月一次的青年联谊，游戏、手作和茶话会，认识新朋友。', taxonomy: ['SOCIAL_DATING'], ages: [20, 40], schedules: week([6], '19:00', '21:30'), capacity: [30, 'month'], areaM: 15000, resources: ['res-event-volunteers', 'res-room-youlin'] },
  { _id: 'svc-social-sports', centre: 'lanmu', orgId: 'org-youth-social', title: '周末篮球和羽毛球', description: '周末下午的球赛和友谊赛，器材齐全。', taxonomy: ['SOCIAL_ACTIVITY'], schedules: week([7], '14:00', '17:00'), capacity: [24, 'week'], areaM: 10000 },
  { _id: 'svc-social-zaolinxi', centre: 'zaolinxi', orgId: 'org-zaolinxi-party', title: '红色暖洋读书会', description: '图书馆里的读书会和观影，结识同路人。', taxonomy: ['SOCIAL'], schedules: week([7], '19:00', '21:00'), capacity: [20, 'week'], areaM: 6000 },
  // 技能提升
  { _id: 'svc-skills-digital', centre: 'lanmu', orgId: 'org-hr-station', title: '数字技能课堂', description: '手机办事、短视频拍摄剪辑和网店运营入门，可申请培训补贴。', taxonomy: ['SKILLS_DIGITAL'], schedules: week([6], '14:00', '17:00'), capacity: [30, 'week'], areaM: 12000, resources: ['res-trainer-digital'] },
  { _id: 'svc-skills-safety', centre: 'laojie', orgId: 'org-platform-station', title: '安全骑行培训', description: '电动车安全驾驶、交规和恶劣天气骑行要点。', taxonomy: ['SKILLS_SAFETY'], groups: ['rider', 'courier'], schedules: week([3], '15:00', '17:00'), capacity: [25, 'week'], areaM: 10000, resources: ['res-trainer-safety'] },
  { _id: 'svc-skills-cert', centre: 'lanmu', orgId: 'org-hr-station', title: '职业技能证书培训', description: '育婴员、养老护理员、电工等职业技能等级证书培训和补贴申领。', taxonomy: ['SKILLS_CERT'], schedules: week([6, 7], '09:00', '12:00'), capacity: [40, 'month'], areaM: 15000 },
  { _id: 'svc-skills-firstaid', centre: 'zaolinxi', orgId: 'org-redcross', title: '救护员证培训', description: '心肺复苏、AED 和事故现场处置，考核合格发救护员证。', taxonomy: ['SKILLS_CERT', 'SKILLS_SAFETY'], schedules: week([4], '19:00', '21:00'), capacity: [20, 'month'], areaM: 12000 },
  { _id: 'svc-skills-makers', centre: 'zaolinxi', orgId: 'org-zaolinxi-party', title: '创客新空间', description: '3D 打印、直播带货和手工创作，晚上和周末开放。', taxonomy: ['SKILLS'], schedules: week([5, 6, 7], '18:30', '21:30'), capacity: [15, 'week'], areaM: 8000, paused: true },
  // 歇脚补给
  { _id: 'svc-basic-24h', centre: 'zaolinxi', orgId: 'org-zaolinxi-party', title: '24小时便民服务点', description: '喝水热饭、车辆充电、途中休息，全天开放。', taxonomy: ['BASIC_CHARGING', 'BASIC_MEAL', 'BASIC_REST'], schedules: ALL_DAY, capacity: [200, 'week'], areaM: 3000, resources: ['res-station-24h-charge', 'res-station-24h-meal', 'res-station-24h-rest'], amenities: ['充电', '饮水', '热饭', '歇脚'] },
  { _id: 'svc-basic-youlin', centre: 'youlin', orgId: 'org-youth-social', title: '友邻空间充电和饮水热饭', description: '充电区、饮水机和微波炉，送单间隙进来歇歇脚。', taxonomy: ['BASIC_CHARGING', 'BASIC_MEAL'], schedules: week(EVERY_DAY, '09:00', '21:30'), capacity: [150, 'week'], areaM: 2000, amenities: ['充电', '饮水', '热饭', '歇脚'] },
  { _id: 'svc-basic-repair', centre: 'benma', orgId: 'org-union', title: '电动车和汽车简易维修', description: '补胎、换刹车片、电瓶检测，工会会员优惠。', taxonomy: ['BASIC_REPAIR'], schedules: week([1, 2, 3, 4, 5, 6], '08:00', '20:00'), capacity: [40, 'week'], areaM: 5000, amenities: ['修车'] }
]

/** A draft that is not on the public list yet (an organizer's work in progress). */
const DRAFT_SERVICE: ServiceSpec = {
  _id: 'svc-draft-toilet',
  centre: 'youlin',
  orgId: 'org-youth-social',
  title: '沿街商铺如厕地图',
  description: '整理愿意向骑手开放卫生间的商铺。',
  taxonomy: ['BASIC_TOILET'],
  schedules: week(EVERY_DAY, '09:00', '21:00'),
  capacity: [100, 'week']
}

function serviceDoc(spec: ServiceSpec, now: number, index: number): ServiceDoc {
  const centre = CENTRES[spec.centre]
  const created = now - (70 - index) * DAY_MS
  const locations = spec.remote ? [] : [{ name: centre.name, address: centre.address, lat: centre.lat, lng: centre.lng, venueId: centre._id }]
  const status = spec === DRAFT_SERVICE ? 'draft' : spec.paused ? 'paused' : 'active'
  return {
    _id: spec._id,
    venueId: centre._id,
    orgId: spec.orgId,
    title: spec.title,
    description: spec.description,
    taxonomy: spec.taxonomy,
    eligibility: { groups: spec.groups ?? [], ...(spec.ages ? { minAge: spec.ages[0], maxAge: spec.ages[1] } : {}) },
    locations,
    ...(spec.areaM === undefined || spec.remote ? {} : { serviceAreaM: spec.areaM }),
    schedules: spec.schedules,
    capacity: { perPeriod: spec.capacity[0], period: spec.capacity[1] },
    resourceIds: spec.resources ?? [],
    amenities: spec.amenities ?? [],
    contactPhone: ORGANIZATIONS.find((org) => org._id === spec.orgId)?.contactPhone ?? '',
    status,
    tokens: segment(`${spec.title}\n${spec.description}`),
    createdAt: created,
    updatedAt: created,
    ...(status === 'draft' ? {} : { publishedAt: created + HOUR_MS })
  }
}

/** Who a demo need is from: a demo identity, a neighbour (demo-neighbours.ts), or nobody with an account (a visit). */
type Who = string | { visit: string; group: UserGroup | 'unknown' }

/**
 * How far a need has come. `resolved`/`not_helped` go through a referral to `service`; `declined` first (by the
 * named reason) then `service`; `rated` is resolved and rated.
 */
type Path =
  | { to: 'submitted' }
  | { to: 'triaged' }
  | { to: 'matching' }
  | { to: 'withdrawn'; service?: string }
  | { to: 'duplicate'; of: string }
  | { to: 'proposed'; service: string }
  | { to: 'sent'; service: string }
  | { to: 'accepted'; service: string }
  | { to: 'scheduled'; service: string }
  | { to: 'resolved'; service: string; rating?: number; declinedBy?: { service: string; reason: DeclineReason } }
  | { to: 'unresolved'; reason: string; declinedBy?: { service: string; reason: DeclineReason } }

interface NeedSpec {
  id: string
  centre: CentreKey
  who: Who
  category: string
  text: string
  urgency?: Urgency
  daysAgo: number
  path: Path
}

/** The demo identities' groups, for their needs; a neighbour's is theirs (demo-neighbours.ts). */
const DEMO_GROUPS: Readonly<Record<string, UserGroup>> = { 'demo-rider': 'rider', 'demo-courier': 'courier', 'demo-resident': 'resident' }

/** Acceptances each demo identity has not used yet: the requesters' 需求进度, the provider's and organizers' 待办事项. */
const DEMO_ACCEPTANCES: readonly (readonly [string, MatchingTemplate, number])[] = [
  ['demo-rider', 'needProgress', 3],
  ['demo-courier', 'needProgress', 3],
  ['demo-resident', 'needProgress', 3],
  ['demo-provider', 'referralTask', 5],
  ['demo-organizer', 'referralTask', 5],
  ['demo-admin', 'referralTask', 5]
]

/** Neighbour n, short for the tables below. */
const n = neighbourId

/**
 * The needs. The open ones are hand-written (demo identities, demo-provider's queue); the 35 solved ones and the
 * rest of the history follow a table of (centre, category, service, words).
 */
const OPEN_NEEDS: NeedSpec[] = [
  { id: 'need-demo-rider-wages', centre: 'youlin', who: 'demo-rider', category: 'LEGAL_LABOR', text: '站点拖欠我两个月工资，押金也不退，想找律师问问怎么讨薪', urgency: 'high', daysAgo: 6, path: { to: 'accepted', service: 'svc-legal-labor' } },
  { id: 'need-demo-rider-checkup', centre: 'youlin', who: 'demo-rider', category: 'HEALTH_CHECKUP', text: '常年骑车腰疼，想做个体检', daysAgo: 40, path: { to: 'resolved', service: 'svc-health-checkup', rating: 5 } },
  { id: 'need-demo-rider-dating', centre: 'youlin', who: 'demo-rider', category: 'SOCIAL_DATING', text: '工作忙没时间找对象，想参加联谊活动', urgency: 'low', daysAgo: 1, path: { to: 'submitted' } },
  { id: 'need-demo-courier-traffic', centre: 'zaolinxi', who: 'demo-courier', category: 'LEGAL_TRAFFIC', text: '送件路上和电动车相撞，对方要我全赔，想咨询责任怎么认定', urgency: 'high', daysAgo: 2, path: { to: 'sent', service: 'svc-legal-traffic' } },
  { id: 'need-demo-resident-afterschool', centre: 'xingfuli', who: 'demo-resident', category: 'CHILDCARE_AFTERSCHOOL', text: '孙子放学后没人接，想找课后托管', daysAgo: 3, path: { to: 'matching' } },
  { id: 'need-open-wages-2', centre: 'youlin', who: n(1), category: 'LEGAL_LABOR', text: '加班费一直不给算，想知道能不能申请仲裁', daysAgo: 4, path: { to: 'sent', service: 'svc-legal-night' } },
  { id: 'need-open-legal-3', centre: 'youlin', who: n(4), category: 'LEGAL', text: '平台扣了我的保证金，想找律师咨询', daysAgo: 9, path: { to: 'scheduled', service: 'svc-legal-night' } },
  { id: 'need-open-legal-4', centre: 'youlin', who: n(7), category: 'LEGAL_CONTRACT', text: '签了一份车辆租赁合同，想找人看看有没有坑', daysAgo: 5, path: { to: 'sent', service: 'svc-legal-hotline' } },
  { id: 'need-open-mental', centre: 'youlin', who: n(10), category: 'HEALTH_MENTAL', text: '最近压力很大晚上睡不着，想找人聊聊', daysAgo: 3, path: { to: 'accepted', service: 'svc-health-mental' } },
  { id: 'need-open-jobs', centre: 'lanmu', who: n(3), category: 'JOBS_PLACEMENT', text: '网约车跑不下去了，想换个白天的工作', daysAgo: 8, path: { to: 'scheduled', service: 'svc-jobs-placement' } },
  { id: 'need-open-insurance', centre: 'laojie', who: n(5), category: 'RIGHTS_INSURANCE', text: '想了解职业伤害保障怎么参保', daysAgo: 2, path: { to: 'proposed', service: 'svc-rights-insurance' } },
  { id: 'need-open-cert', centre: 'lanmu', who: n(6), category: 'SKILLS_CERT', text: '想考育婴员证，有没有补贴', daysAgo: 2, path: { to: 'triaged' } },
  { id: 'need-open-digital', centre: 'lanmu', who: n(11), category: 'SKILLS_DIGITAL', text: '想学短视频剪辑，帮小店做宣传', urgency: 'low', daysAgo: 5, path: { to: 'matching' } },
  { id: 'need-open-safety', centre: 'laojie', who: n(13), category: 'SKILLS_SAFETY', text: '刚开始跑外卖，想学学雨雪天怎么安全骑车', daysAgo: 1, path: { to: 'proposed', service: 'svc-skills-safety' } },
  { id: 'need-open-repair', centre: 'benma', who: n(14), category: 'BASIC_REPAIR', text: '车子刹车不灵了，附近哪里能修', urgency: 'high', daysAgo: 1, path: { to: 'submitted' } },
  { id: 'need-open-appeal', centre: 'laojie', who: n(15), category: 'RIGHTS_APPEAL', text: '被顾客恶意差评扣了钱，想申诉', daysAgo: 4, path: { to: 'triaged' } },
  { id: 'need-open-holiday', centre: 'youlin', who: { visit: '酒泉路快递驿站', group: 'courier' }, category: 'CHILDCARE_HOLIDAY', text: '暑假孩子一个人在家，想找白天的托管班', daysAgo: 6, path: { to: 'matching' } },
  { id: 'need-open-startup', centre: 'lanmu', who: n(16), category: 'JOBS_STARTUP', text: '想开一家早餐店，不知道手续怎么办', daysAgo: 7, path: { to: 'submitted' } },
  { id: 'need-open-toilet', centre: 'youlin', who: { visit: '张掖路步行街', group: 'rider' }, category: 'BASIC_TOILET', text: '送餐路上找不到厕所，希望沿街商铺能开放', daysAgo: 10, path: { to: 'matching' } },
  { id: 'need-open-charging', centre: 'zaolinxi', who: n(18), category: 'BASIC_CHARGING', text: '晚上在外面送单，想找地方给电动车充电', daysAgo: 2, path: { to: 'submitted' } },
  { id: 'need-open-activity', centre: 'lanmu', who: n(19), category: 'SOCIAL_ACTIVITY', text: '想找人周末一起打篮球', urgency: 'low', daysAgo: 3, path: { to: 'submitted' } },
  { id: 'need-open-family', centre: 'lanmu', who: n(20), category: 'LEGAL_FAMILY', text: '离婚后孩子抚养费对方一直不给', daysAgo: 12, path: { to: 'unresolved', reason: '当事人已回老家，无法继续跟进', declinedBy: { service: 'svc-legal-family', reason: 'unreachable' } } },
  { id: 'need-open-withdrawn', centre: 'youlin', who: n(12), category: 'JOBS', text: '想找份兼职', daysAgo: 15, path: { to: 'withdrawn', service: 'svc-jobs-fair' } },
  { id: 'need-open-duplicate', centre: 'youlin', who: n(1), category: 'LEGAL_LABOR', text: '加班费不给算怎么办', daysAgo: 4, path: { to: 'duplicate', of: 'need-open-wages-2' } },
  { id: 'need-open-zaolinxi', centre: 'zaolinxi', who: n(17), category: 'SOCIAL', text: '刚来兰州没什么朋友，想参加社区活动', daysAgo: 20, path: { to: 'unresolved', reason: '活动暂停，已推荐其他活动' } }
]

/** 34 of the 35 solved needs (demo-rider's checkup is the 35th): (centre, category, service, words), spread over the last two months. */
const SOLVED: [CentreKey, string, string, string][] = [
  ['youlin', 'LEGAL_LABOR', 'svc-legal-labor', '老板拖欠三个月工资，想要回来'],
  ['youlin', 'LEGAL_LABOR', 'svc-legal-night', '被辞退没有补偿，想问问合不合法'],
  ['youlin', 'LEGAL', 'svc-legal-night', '想咨询劳动合同到期不续签怎么办'],
  ['youlin', 'LEGAL_CONTRACT', 'svc-legal-hotline', '借给朋友的钱要不回来，想问问怎么起诉'],
  ['benma', 'RIGHTS_WAGES', 'svc-rights-wages', '车行拖欠提成，想投诉'],
  ['benma', 'RIGHTS_WAGES', 'svc-rights-wages', '押金被扣了不退'],
  ['benma', 'RIGHTS_WAGES', 'svc-rights-wages', '工资被克扣，想找工会帮忙'],
  ['laojie', 'RIGHTS_INSURANCE', 'svc-rights-insurance', '送餐摔伤了，职业伤害保障怎么报'],
  ['laojie', 'RIGHTS_APPEAL', 'svc-rights-appeal', '账号被封了想申诉'],
  ['youlin', 'HEALTH_CHECKUP', 'svc-health-checkup', '想免费量个血压'],
  ['youlin', 'HEALTH_CHECKUP', 'svc-health-checkup', '体检报告看不懂，想找医生解读'],
  ['youlin', 'HEALTH_MENTAL', 'svc-health-mental', '和家人吵架心里很堵'],
  ['laojie', 'HEALTH_INJURY', 'svc-health-injury', '膝盖疼了好久，想做康复'],
  ['youlin', 'HEALTH_CHECKUP', 'svc-health-checkup', '想在家门口量血糖'],
  ['youlin', 'CHILDCARE_AFTERSCHOOL', 'svc-childcare-afterschool', '孩子放学没人管，想找托管'],
  ['youlin', 'CHILDCARE_AFTERSCHOOL', 'svc-childcare-afterschool', '晚上送单到七点，孩子需要人看'],
  ['xingfuli', 'CHILDCARE_AFTERSCHOOL', 'svc-childcare-xingfuli', '想给孩子找个写作业的地方'],
  ['youlin', 'CHILDCARE_HOLIDAY', 'svc-childcare-holiday', '寒假孩子没人带'],
  ['lanmu', 'JOBS_PLACEMENT', 'svc-jobs-placement', '想找个物流仓库的工作'],
  ['lanmu', 'JOBS_PLACEMENT', 'svc-jobs-placement', '想换一份有社保的工作'],
  ['lanmu', 'JOBS_STARTUP', 'svc-jobs-startup', '想开网店，问问创业贷款'],
  ['youlin', 'JOBS', 'svc-jobs-fair', '想多找几个工作机会'],
  ['youlin', 'SOCIAL_DATING', 'svc-social-dating', '单身好几年了想认识新朋友'],
  ['youlin', 'SOCIAL_DATING', 'svc-social-dating', '想参加青年联谊活动'],
  ['lanmu', 'SOCIAL_ACTIVITY', 'svc-social-sports', '想找球友打羽毛球'],
  ['zaolinxi', 'SOCIAL', 'svc-social-zaolinxi', '下班后想找地方看看书交朋友'],
  ['lanmu', 'SKILLS_DIGITAL', 'svc-skills-digital', '想学手机上办社保'],
  ['lanmu', 'SKILLS_CERT', 'svc-skills-cert', '想考电工证'],
  ['laojie', 'SKILLS_SAFETY', 'svc-skills-safety', '想学安全骑行'],
  ['laojie', 'SKILLS_SAFETY', 'svc-skills-safety', '想学电动车安全驾驶'],
  ['zaolinxi', 'BASIC_CHARGING', 'svc-basic-24h', '夜里电动车没电了想充电'],
  ['zaolinxi', 'BASIC_CHARGING', 'svc-basic-24h', '送单到半夜，车和手机都没电了'],
  ['youlin', 'BASIC_CHARGING', 'svc-basic-youlin', '手机没电了想充电'],
  ['benma', 'BASIC_REPAIR', 'svc-basic-repair', '电瓶不行了想检测']
]

/** Requesters of the solved needs: every group served, some people more than once. */
const SOLVED_BY: Who[] = [
  n(1), n(2), n(4), n(7), n(8), n(14), n(3), n(5), n(9), n(6), n(11), n(10), n(13), n(16), n(15), n(18), 'demo-resident', n(17),
  n(19), n(3), n(12), n(20), n(4), n(2), n(11), n(16), n(6), n(8), n(13), n(9),
  { visit: '枣林西社区夜间走访', group: 'rider' }, { visit: '枣林西社区夜间走访', group: 'courier' }, n(10), n(14)
]

/** Solved needs that were first declined (the place was full) before the service that helped. */
const DECLINED_FIRST: Record<number, { service: string; reason: DeclineReason }> = {
  0: { service: 'svc-legal-night', reason: 'no_capacity' },
  4: { service: 'svc-rights-union', reason: 'out_of_scope' },
  14: { service: 'svc-childcare-holiday', reason: 'not_eligible' },
  18: { service: 'svc-jobs-fair', reason: 'no_capacity' },
  27: { service: 'svc-skills-firstaid', reason: 'no_capacity' }
}

const solvedSpecs = (): NeedSpec[] =>
  SOLVED.map(([centre, category, service, text], i) => ({
    id: `need-solved-${String(i + 1).padStart(2, '0')}`,
    centre,
    who: SOLVED_BY[i],
    category,
    text,
    urgency: i % 5 === 0 ? 'high' : i % 3 === 0 ? 'low' : 'normal',
    daysAgo: 62 - i * 1.5,
    path: { to: 'resolved', service, ...(i % 3 === 0 ? { rating: 4 + (i % 2) } : {}), ...(DECLINED_FIRST[i] ? { declinedBy: DECLINED_FIRST[i] } : {}) }
  }))

/** Builds the stored need and its referrals by walking core's status machines, a few hours per step. */
class Story {
  readonly referrals: ReferralDoc[] = []
  at: number

  constructor(
    public need: NeedDoc,
    private readonly services: ReadonlyMap<string, ServiceDoc>
  ) {
    this.at = need.createdAt
  }

  private step(hours: number): number {
    this.at += hours * HOUR_MS
    return this.at
  }

  move(to: NeedStatus, by: 'organizer' | 'provider' | 'requester' | 'system', extra: { note?: string; duplicateOf?: string } = {}): void {
    const moved = moveNeed(this.need, { to, at: this.step(2), by, ...extra })
    if (!moved.ok) throw new Error(`demo need ${this.need._id}: ${moved.message}`)
    this.need = moved.value
  }

  private act(referral: ReferralDoc, action: ReferralAction, by: 'organizer' | 'provider' | 'requester', hours: number): ReferralDoc {
    const moved = actOnReferral(referral, action, by, this.step(hours))
    if (!moved.ok) throw new Error(`demo referral ${referral._id}: ${moved.message}`)
    const i = this.referrals.findIndex((r) => r._id === referral._id)
    this.referrals[i] = moved.value
    return moved.value
  }

  propose(serviceId: string): ReferralDoc {
    const service = this.services.get(serviceId)
    if (!service) throw new Error(`demo service ${serviceId} is missing`)
    const at = this.step(1)
    const referral: ReferralDoc = {
      _id: referralIdFor(this.need._id, serviceId),
      needId: this.need._id,
      serviceId,
      orgId: service.orgId,
      venueId: this.need.venueId,
      ...(this.need.requesterKey === undefined ? {} : { requesterKey: this.need.requesterKey }),
      score: 0.72,
      reasons: [`对口${service.title}`],
      status: 'proposed',
      history: [{ to: 'proposed', at, by: 'system' }],
      createdAt: at,
      updatedAt: at
    }
    this.referrals.push(referral)
    return referral
  }

  send(serviceId: string): ReferralDoc {
    const sent = this.act(this.propose(serviceId), { type: 'send' }, 'organizer', 3)
    this.move('referred', 'organizer')
    return sent
  }

  accept(referral: ReferralDoc): ReferralDoc {
    const accepted = this.act(referral, { type: 'accept' }, 'provider', 18)
    this.move('in_progress', 'provider')
    return accepted
  }

  decline(referral: ReferralDoc, reason: DeclineReason): void {
    this.act(referral, { type: 'decline', reason }, 'provider', 20)
    this.move('matching', 'provider')
  }

  schedule(referral: ReferralDoc, at: number): ReferralDoc {
    return this.act(referral, { type: 'schedule', scheduledAt: at, place: this.services.get(referral.serviceId)?.locations[0]?.name ?? '电话联系' }, 'provider', 4)
  }

  cancel(referral: ReferralDoc, note: string): void {
    this.act(referral, { type: 'cancel', note }, 'requester', 0)
  }

  complete(referral: ReferralDoc, rating?: number): void {
    const done = this.act(referral, { type: 'complete', outcome: 'helped' }, 'provider', 48)
    this.move('resolved', 'provider')
    if (rating !== undefined) this.act(done, { type: 'rate', rating, comment: rating === 5 ? '律师很耐心，问题解决了' : '挺好的，谢谢' }, 'requester', 6)
  }
}

function story(spec: NeedSpec, keys: DataKeys, services: ReadonlyMap<string, ServiceDoc>, now: number): Story {
  const centre = CENTRES[spec.centre]
  const visit = typeof spec.who === 'object' ? spec.who : undefined
  const openid = typeof spec.who === 'string' ? spec.who : undefined
  const createdAt = Math.round(now - spec.daysAgo * DAY_MS)
  const fields = { category: spec.category, text: spec.text, urgency: spec.urgency ?? 'normal', location: near(centre, 300, -200), consent: { shareContact: openid !== undefined && openid !== 'demo-neighbor-04' } }
  const draft = newNeed(fields, {
    _id: spec.id,
    venueId: centre._id,
    source: visit ? 'visit' : 'self',
    ...(openid ? { requesterKey: requesterKeyFor(keys, openid) } : {}),
    group: visit ? visit.group : (openid === undefined ? undefined : DEMO_GROUPS[openid] ?? neighbourGroup(openid)) ?? 'unknown',
    by: visit ? 'organizer' : 'requester',
    ...(visit ? { note: `走访录入：${visit.visit}，录入人 小马` } : {}),
    now: createdAt
  })
  const tale = new Story(draft, services)
  const { path } = spec
  if (path.to === 'submitted') return tale
  if (path.to === 'duplicate') {
    tale.move('duplicate', 'organizer', { duplicateOf: path.of })
    return tale
  }
  tale.move('triaged', 'organizer')
  if (path.to === 'triaged') return tale
  if (path.to === 'matching') {
    tale.move('matching', 'system')
    return tale
  }
  if ((path.to === 'resolved' || path.to === 'unresolved') && path.declinedBy) tale.decline(tale.send(path.declinedBy.service), path.declinedBy.reason)
  if (path.to === 'proposed') {
    tale.propose(path.service)
    return tale
  }
  if (path.to === 'unresolved') {
    tale.move('unresolved', 'organizer', { note: path.reason })
    return tale
  }
  if (path.to === 'withdrawn') {
    const sent = path.service === undefined ? undefined : tale.send(path.service)
    tale.move('withdrawn', 'requester', { note: '已经找到了' })
    if (sent) tale.cancel(sent, '本人撤回了需求')
    return tale
  }
  const sent = tale.send(path.service)
  if (path.to === 'sent') return tale
  const accepted = tale.accept(sent)
  if (path.to === 'accepted') return tale
  const scheduled = tale.schedule(accepted, Math.max(tale.at, now) + 3 * DAY_MS)
  if (path.to === 'scheduled') return tale
  tale.complete(scheduled, path.rating)
  return tale
}

/** Every service document of the demo, by collection, timed relative to `now`, keyed with the store's data key. */
export function demoServiceData(now: number, keys: DataKeys): Record<string, object[]> {
  const registered = now - 80 * DAY_MS
  const organizations: OrganizationDoc[] = ORGANIZATIONS.map(({ centre, ...org }) => ({ ...org, venueId: CENTRES[centre]._id, createdAt: registered, updatedAt: registered }))
  const resources: ResourceDoc[] = RESOURCES.map(({ centre, at, ...resource }) => ({
    ...resource,
    venueId: CENTRES[centre]._id,
    ...(at ? { location: near(CENTRES[centre], at.north, at.east) } : {}),
    retired: false,
    createdAt: registered,
    updatedAt: registered
  }))
  const services = [...SERVICES, DRAFT_SERVICE].map((spec, i) => serviceDoc(spec, now, i))
  const byId = new Map(services.map((service) => [service._id, service]))
  const stories = [...solvedSpecs(), ...OPEN_NEEDS].map((spec) => story(spec, keys, byId, now))
  const openids = new Set([...solvedSpecs(), ...OPEN_NEEDS].map((spec) => spec.who).filter((who): who is string => typeof who === 'string'))
  const requesters = [...openids].map((openid) => ({ _id: requesterKeyFor(keys, openid), openid, updatedAt: registered }))
  const messageConsents: MessageConsentDoc[] = DEMO_ACCEPTANCES.map(([openid, template, left]) => ({
    _id: messageConsentIdFor(openid, template),
    openid,
    template,
    left,
    updatedAt: registered
  }))
  return {
    organizations,
    resources,
    services,
    needs: stories.map((tale) => sealNeed(keys, tale.need)),
    referrals: stories.flatMap((tale) => tale.referrals),
    requesters,
    messageConsents
  }
}
