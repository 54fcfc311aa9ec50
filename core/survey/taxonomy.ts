/**
 * The first taxonomy of the centre's two lists: 需求清单 (needs people have) and 资源清单 (what enterprises, 社会组织,
 * merchants and volunteers can offer). Two levels, parent and child; the service areas follow the article the product
 * is built from (健康义诊, 照看子女, 法律咨询, 就业创业, 权益保障, 婚恋交友, 技能提升, and the "第一需求" of riders and
 * couriers: 充电, 饮水热饭, 歇脚). The matching issue extends it; codes never change meaning once used.
 *
 * Codes are UPPER_SNAKE without dots, unique across both lists (DESIGN.md §4 `taxonomy` has a unique `code`), so a code
 * can be a document id part and a map key in the database. A questionnaire option refers to one with a tag
 * `need:LEGAL` / `resource:VENUE`: the list is written out so a tag reads on its own in the definition JSON.
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
