/**
 * The first taxonomy of the centre's two lists: 需求清单 (needs people have) and 资源清单 (what enterprises, 社会组织,
 * merchants and volunteers can offer). Two levels, parent and child; the service areas follow the article the product
 * is built from (健康义诊, 照看子女, 法律咨询, 就业创业, 权益保障, 婚恋交友, 技能提升, and the "第一需求" of riders and
 * couriers: 充电, 饮水热饭, 歇脚). The matching issue extends it; codes never change meaning once used.
 *
 * Codes are UPPER_SNAKE without dots, unique across both lists (DESIGN.md §4 `taxonomy` has a unique `code`), so a code
 * can be a document id part and a map key in the database. A questionnaire option refers to one with a tag
 * `need:LEGAL` / `resource:VENUE`: the list is written out so a tag reads on its own in the definition JSON.
 *
 * Beside the codes, the words people use for them (找对象 → 婚恋交友; 欠薪 and 拖欠工资 are one word), code pairs that
 * mean nearly the same (工资报酬 ↔ 劳动纠纷: a lawyer for labour disputes takes wage arrears), and which resources can
 * serve which needs (律师时间 → 法律咨询). Matching (core/matching) reads them; they are data here so an organizer's
 * screen and the matcher agree on one vocabulary.
 */

export const ENTRY_LISTS = ['need', 'resource'] as const
/** need → 需求清单, resource → 资源清单. */
export type EntryList = (typeof ENTRY_LISTS)[number]

export const ENTRY_LIST_LABELS: Record<EntryList, string> = { need: '需求', resource: '资源' }

export interface TaxonomyEntry {
  code: string
  name: string
  list: EntryList
  /** The parent's code; absent on the first level. */
  parent?: string
}

const need = (code: string, name: string, parent?: string): TaxonomyEntry =>
  parent === undefined ? { code, name, list: 'need' } : { code, name, list: 'need', parent }
const resource = (code: string, name: string, parent?: string): TaxonomyEntry =>
  parent === undefined ? { code, name, list: 'resource' } : { code, name, list: 'resource', parent }

export const TAXONOMY: readonly TaxonomyEntry[] = [
  need('HEALTH', '健康义诊'),
  need('HEALTH_CHECKUP', '体检义诊', 'HEALTH'),
  need('HEALTH_MENTAL', '心理疏导', 'HEALTH'),
  need('HEALTH_INJURY', '伤病康复', 'HEALTH'),
  need('CHILDCARE', '照看子女'),
  need('CHILDCARE_AFTERSCHOOL', '课后托管', 'CHILDCARE'),
  need('CHILDCARE_HOLIDAY', '假期托管', 'CHILDCARE'),
  need('LEGAL', '法律咨询'),
  need('LEGAL_LABOR', '劳动纠纷', 'LEGAL'),
  need('LEGAL_TRAFFIC', '交通事故', 'LEGAL'),
  need('LEGAL_FAMILY', '婚姻家事', 'LEGAL'),
  need('LEGAL_CONTRACT', '合同与债务', 'LEGAL'),
  need('JOBS', '就业创业'),
  need('JOBS_PLACEMENT', '岗位推荐', 'JOBS'),
  need('JOBS_STARTUP', '创业指导', 'JOBS'),
  need('RIGHTS', '权益保障'),
  need('RIGHTS_INSURANCE', '社保与职业伤害保障', 'RIGHTS'),
  need('RIGHTS_WAGES', '工资报酬', 'RIGHTS'),
  need('RIGHTS_APPEAL', '投诉申诉', 'RIGHTS'),
  need('SOCIAL', '婚恋交友'),
  need('SOCIAL_DATING', '联谊交友', 'SOCIAL'),
  need('SOCIAL_ACTIVITY', '文体活动', 'SOCIAL'),
  need('SKILLS', '技能提升'),
  need('SKILLS_CERT', '职业技能证书', 'SKILLS'),
  need('SKILLS_DIGITAL', '数字技能', 'SKILLS'),
  need('SKILLS_SAFETY', '安全驾驶', 'SKILLS'),
  need('BASIC', '歇脚补给'),
  need('BASIC_CHARGING', '手机和车辆充电', 'BASIC'),
  need('BASIC_MEAL', '饮水热饭', 'BASIC'),
  need('BASIC_REST', '歇脚休息', 'BASIC'),
  need('BASIC_TOILET', '如厕', 'BASIC'),
  need('BASIC_REPAIR', '车辆维修', 'BASIC'),
  need('NEED_OTHER', '其他需求'),

  resource('VENUE', '场地'),
  resource('VENUE_ROOM', '活动室和会议室', 'VENUE'),
  resource('VENUE_CLASSROOM', '培训教室', 'VENUE'),
  resource('PROFESSIONAL', '专业人员'),
  resource('PROFESSIONAL_LAWYER', '律师时间', 'PROFESSIONAL'),
  resource('PROFESSIONAL_DOCTOR', '医生', 'PROFESSIONAL'),
  resource('PROFESSIONAL_COUNSELOR', '心理咨询师', 'PROFESSIONAL'),
  resource('PROFESSIONAL_TRAINER', '培训讲师', 'PROFESSIONAL'),
  resource('VOLUNTEER', '志愿者'),
  resource('VOLUNTEER_CHILDCARE', '托管志愿者', 'VOLUNTEER'),
  resource('VOLUNTEER_GENERAL', '活动志愿者', 'VOLUNTEER'),
  resource('STATION', '爱心驿站'),
  resource('STATION_CHARGING', '充电点', 'STATION'),
  resource('STATION_WATER', '饮水点', 'STATION'),
  resource('STATION_MEAL', '热饭点', 'STATION'),
  resource('STATION_REST', '歇脚点', 'STATION'),
  resource('STATION_TOILET', '卫生间', 'STATION'),
  resource('STATION_REPAIR', '维修点', 'STATION'),
  resource('JOB_OFFER', '就业岗位'),
  resource('GOODS', '物资捐赠'),
  resource('RESOURCE_OTHER', '其他资源')
]

const BY_CODE: ReadonlyMap<string, TaxonomyEntry> = new Map(TAXONOMY.map((entry) => [entry.code, entry]))

export const taxonomyEntry = (code: string): TaxonomyEntry | undefined => BY_CODE.get(code)

/** '法律咨询 · 劳动纠纷' for a child, '法律咨询' for a parent, the code itself when unknown. */
export function taxonomyLabel(code: string): string {
  const entry = BY_CODE.get(code)
  if (!entry) return code
  const parent = entry.parent === undefined ? undefined : BY_CODE.get(entry.parent)
  return parent ? `${parent.name} · ${entry.name}` : entry.name
}

/** A tag as written on an option: `need:LEGAL`, `resource:STATION_CHARGING`. */
export const TAG_PATTERN = /^(need|resource):([A-Z][A-Z0-9_]{0,39})$/

/** The list and code of a well-formed tag whose code is in the taxonomy under that list; undefined otherwise. */
export function parseTag(tag: string): { list: EntryList; code: string } | undefined {
  const match = TAG_PATTERN.exec(tag)
  if (!match) return undefined
  const list = match[1] as EntryList
  const entry = BY_CODE.get(match[2])
  return entry && entry.list === list ? { list, code: entry.code } : undefined
}

export const tagFor = (list: EntryList, code: string): string => `${list}:${code}`

/** Every code of one list, in taxonomy order. */
export const codesOf = (list: EntryList): string[] => TAXONOMY.filter((entry) => entry.list === list).map((entry) => entry.code)

const CHILDREN: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>()
  for (const entry of TAXONOMY) if (entry.parent !== undefined) map.set(entry.parent, [...(map.get(entry.parent) ?? []), entry.code])
  return map
})()

/** The children of a first-level code, in taxonomy order (none for a child or an unknown code). */
export const childrenOf = (code: string): string[] => [...(CHILDREN.get(code) ?? [])]

/** The first-level code a code belongs to: its parent, or itself on the first level; undefined when unknown. */
export function rootOf(code: string): string | undefined {
  const entry = BY_CODE.get(code)
  return entry === undefined ? undefined : (entry.parent ?? entry.code)
}

/**
 * Words people write for a category, besides its name. A word belongs to the most specific code it names, and to one
 * code only, so a word points at one place; the parent collects its children's words when text is classified.
 */
export const TAXONOMY_TERMS: Readonly<Record<string, readonly string[]>> = {
  HEALTH: ['看病', '义诊', '医生', '身体不舒服'],
  HEALTH_CHECKUP: ['体检', '量血压', '测血糖', '检查身体', '血压', '血糖'],
  HEALTH_MENTAL: ['心理', '压力大', '焦虑', '失眠', '抑郁', '情绪', '心理咨询', '倾诉'],
  HEALTH_INJURY: ['受伤', '摔伤', '扭伤', '康复', '腰疼', '腰椎', '颈椎', '理疗'],
  CHILDCARE: ['孩子', '带娃', '看孩子', '没人管'],
  CHILDCARE_AFTERSCHOOL: ['放学', '课后', '写作业', '辅导作业', '四点半课堂'],
  CHILDCARE_HOLIDAY: ['寒假', '暑假', '假期', '夏令营'],
  LEGAL: ['律师', '法律', '打官司', '起诉', '纠纷'],
  LEGAL_LABOR: ['劳动合同', '辞退', '开除', '劳动仲裁', '仲裁', '工伤认定'],
  LEGAL_TRAFFIC: ['交通事故', '车祸', '撞车', '剐蹭', '追尾', '定责'],
  LEGAL_FAMILY: ['离婚', '抚养权', '赡养', '继承', '家暴'],
  LEGAL_CONTRACT: ['合同', '欠款', '借钱', '债务', '租房合同', '押金'],
  JOBS: ['就业', '招聘'],
  JOBS_PLACEMENT: ['找工作', '岗位', '换工作', '跳槽', '转行', '兼职'],
  JOBS_STARTUP: ['创业', '开店', '营业执照', '个体户', '创业贷款'],
  RIGHTS: ['权益', '维权', '保障'],
  RIGHTS_INSURANCE: ['社保', '医保', '养老保险', '职业伤害', '工伤保险', '意外险', '保险'],
  RIGHTS_WAGES: ['欠薪', '拖欠工资', '讨薪', '工资', '克扣', '扣钱', '薪资', '结算'],
  RIGHTS_APPEAL: ['投诉', '申诉', '差评', '封号', '平台规则', '超时罚款', '罚款'],
  SOCIAL: ['交友', '朋友', '婚恋'],
  SOCIAL_DATING: ['找对象', '相亲', '脱单', '单身', '联谊'],
  SOCIAL_ACTIVITY: ['打球', '运动', '唱歌', '文体', '篮球', '羽毛球', '聚会'],
  SKILLS: ['学习', '培训', '技能', '提升'],
  SKILLS_CERT: ['考证', '证书', '电工证', '厨师证', '职业资格'],
  SKILLS_DIGITAL: ['电脑', '办公软件', '直播', '剪辑', '短视频'],
  SKILLS_SAFETY: ['安全驾驶', '交规', '骑行安全', '头盔'],
  BASIC: ['驿站', '补给'],
  BASIC_CHARGING: ['充电', '换电', '电瓶', '电池', '没电', '充电宝'],
  BASIC_MEAL: ['热饭', '喝水', '吃饭', '微波炉', '饮水', '热水'],
  BASIC_REST: ['歇脚', '休息', '避暑', '取暖', '躲雨'],
  BASIC_TOILET: ['厕所', '卫生间', '洗手间'],
  BASIC_REPAIR: ['修车', '补胎', '爆胎', '车坏了'],
  VENUE: ['场地', '场所'],
  VENUE_ROOM: ['活动室', '会议室'],
  VENUE_CLASSROOM: ['教室'],
  PROFESSIONAL_LAWYER: ['律师时间', '法律顾问'],
  PROFESSIONAL_DOCTOR: ['医生', '护士', '义诊团队'],
  PROFESSIONAL_COUNSELOR: ['心理咨询师', '社工'],
  PROFESSIONAL_TRAINER: ['讲师', '老师', '教练'],
  VOLUNTEER_CHILDCARE: ['托管志愿者', '大学生志愿者'],
  VOLUNTEER_GENERAL: ['志愿者', '义工'],
  STATION_CHARGING: ['充电桩', '充电柜'],
  STATION_WATER: ['饮水机', '开水'],
  STATION_MEAL: ['微波炉', '热饭'],
  JOB_OFFER: ['招工', '用工'],
  GOODS: ['捐赠', '物资', '雨衣', '防暑用品']
}

/**
 * Words that mean the same thing, the first of each group being the one kept. Text is compared after each word is
 * replaced by its group's first, so "拖欠工资" in a need finds "欠薪" in a service description.
 */
export const TERM_SYNONYMS: readonly (readonly string[])[] = [
  ['欠薪', '拖欠工资', '讨薪', '拖欠薪资', '不发工资'],
  ['找对象', '相亲', '脱单', '找女朋友', '找男朋友'],
  ['看孩子', '带娃', '照看孩子', '照顾孩子'],
  ['交通事故', '车祸'],
  ['职业伤害', '工伤'],
  ['充电', '换电'],
  ['热饭', '加热饭菜'],
  ['歇脚', '歇歇脚', '休息一下'],
  ['找工作', '求职'],
  ['心理咨询', '心理疏导'],
  ['体检', '检查身体']
]

/**
 * Code pairs that mean nearly the same, in either direction: a need under one is served by a service under the other,
 * with a lower fit than the exact code.
 */
export const RELATED_CODES: readonly (readonly [string, string])[] = [
  ['RIGHTS_WAGES', 'LEGAL_LABOR'],
  ['RIGHTS_INSURANCE', 'LEGAL_LABOR'],
  ['RIGHTS_INSURANCE', 'HEALTH_INJURY'],
  ['RIGHTS_APPEAL', 'LEGAL'],
  ['HEALTH_MENTAL', 'SOCIAL_ACTIVITY'],
  ['SKILLS_CERT', 'JOBS_PLACEMENT'],
  ['BASIC_MEAL', 'BASIC_REST']
]

/**
 * Which need codes a resource code can serve: the service design board pairs 资源 with 需求 through it. A first-level
 * resource code serves what any of its children serves, besides its own entry.
 */
export const RESOURCE_SERVES: Readonly<Record<string, readonly string[]>> = {
  VENUE: ['SOCIAL', 'SKILLS', 'CHILDCARE'],
  VENUE_ROOM: ['SOCIAL_ACTIVITY', 'SOCIAL_DATING', 'CHILDCARE_AFTERSCHOOL', 'CHILDCARE_HOLIDAY'],
  VENUE_CLASSROOM: ['SKILLS', 'CHILDCARE_AFTERSCHOOL'],
  PROFESSIONAL_LAWYER: ['LEGAL', 'RIGHTS'],
  PROFESSIONAL_DOCTOR: ['HEALTH_CHECKUP', 'HEALTH_INJURY'],
  PROFESSIONAL_COUNSELOR: ['HEALTH_MENTAL', 'LEGAL_FAMILY'],
  PROFESSIONAL_TRAINER: ['SKILLS', 'JOBS_STARTUP'],
  VOLUNTEER_CHILDCARE: ['CHILDCARE'],
  VOLUNTEER_GENERAL: ['SOCIAL_ACTIVITY', 'BASIC_REST'],
  STATION_CHARGING: ['BASIC_CHARGING'],
  STATION_WATER: ['BASIC_MEAL'],
  STATION_MEAL: ['BASIC_MEAL'],
  STATION_REST: ['BASIC_REST'],
  STATION_TOILET: ['BASIC_TOILET'],
  STATION_REPAIR: ['BASIC_REPAIR'],
  JOB_OFFER: ['JOBS_PLACEMENT'],
  GOODS: ['BASIC'],
  RESOURCE_OTHER: ['NEED_OTHER']
}

/** The words for a code (its name first, then TAXONOMY_TERMS), or none for an unknown code. */
export function synonymsOf(code: string): string[] {
  const entry = BY_CODE.get(code)
  return entry === undefined ? [] : [entry.name, ...(TAXONOMY_TERMS[code] ?? [])]
}

const RELATED: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>()
  for (const [a, b] of RELATED_CODES) {
    map.set(a, [...(map.get(a) ?? []), b])
    map.set(b, [...(map.get(b) ?? []), a])
  }
  return map
})()

/** The codes nearly meaning the same as `code` (RELATED_CODES, both directions). */
export const relatedCodes = (code: string): string[] => [...(RELATED.get(code) ?? [])]

/** The need codes a resource code serves: its own, and for a first-level code its children's too. */
export function needsServedBy(resourceCode: string): string[] {
  const own = RESOURCE_SERVES[resourceCode] ?? []
  const children = (CHILDREN.get(resourceCode) ?? []).flatMap((child) => RESOURCE_SERVES[child] ?? [])
  return [...new Set([...own, ...children])]
}

/** The word a synonym stands for (its group's first), or the word itself. */
const CANONICAL: ReadonlyMap<string, string> = new Map(TERM_SYNONYMS.flatMap((group) => group.map((word) => [word, group[0]] as const)))
export const canonicalTerm = (word: string): string => CANONICAL.get(word) ?? word

/** The need codes a word names (by name or TAXONOMY_TERMS, after synonyms); empty when none. */
const CODES_BY_TERM: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>()
  for (const entry of TAXONOMY) {
    if (entry.list !== 'need') continue
    for (const word of synonymsOf(entry.code)) {
      const key = canonicalTerm(word)
      const codes = map.get(key) ?? []
      if (!codes.includes(entry.code)) codes.push(entry.code)
      map.set(key, codes)
    }
  }
  return map
})()
export const needCodesForTerm = (word: string): readonly string[] => CODES_BY_TERM.get(canonicalTerm(word)) ?? []

/** Every word the vocabulary knows (terms, names, synonyms), for joining a segmenter's pieces back into one. */
export const KNOWN_TERMS: ReadonlySet<string> = new Set([...CANONICAL.keys(), ...CODES_BY_TERM.keys(), ...TAXONOMY.map((entry) => entry.name)])
