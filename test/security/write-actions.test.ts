/**
 * Which actions are writes, and which budget each counts against (core/rate-limit.ts), decided for every action of
 * every function in one table: the test reads the action tables in cloudfunctions/ and fails when an action has no
 * row here, or when its `limit` mark differs from its row, so a new write cannot slip in unlimited and a mark cannot
 * be dropped unseen. The behaviour behind a mark is rate-limits.test.ts.
 */
import fs from 'fs'
import path from 'path'
import type { ActionName, FunctionName } from '@core/api'
import type { WriteKind } from '@core/rate-limit'

/** A write's budget, or why the action is not limited. */
type Decision = WriteKind | 'read' | 'once'

const DECISIONS: { [F in FunctionName]: Record<ActionName<F>, Decision> } = {
  user: {
    // Writes the account on a person's first launch only; a read on every later one.
    login: 'once',
    updateProfile: 'personal',
    myData: 'read',
    deleteMyData: 'personal'
  },
  course: {
    listSessions: 'read',
    listCourses: 'read',
    getCourse: 'read',
    listVenues: 'read',
    subscribeTemplates: 'read',
    book: 'personal',
    cancel: 'personal',
    confirmHold: 'personal',
    checkin: 'personal',
    myBookings: 'read',
    saveCourse: 'organizing',
    listAllCourses: 'read',
    generateSessions: 'organizing',
    updateSession: 'organizing',
    cancelSession: 'organizing',
    roster: 'read',
    markAttendance: 'organizing',
    checkinCode: 'read',
    exportRoster: 'organizing',
    courseStats: 'read',
    drawLottery: 'organizing',
    forgiveStrike: 'organizing',
    myData: 'read',
    deleteMyData: 'personal',
    checkOut: 'organizing',
    checkOutAll: 'organizing',
    myVolunteering: 'read'
  },
  survey: {
    list: 'read',
    get: 'read',
    saveDraft: 'draft',
    submit: 'sync',
    listManaged: 'read',
    getDefinition: 'read',
    save: 'organizing',
    publish: 'organizing',
    close: 'organizing',
    duplicate: 'organizing',
    results: 'read',
    responses: 'read',
    export: 'organizing',
    voidResponse: 'organizing',
    reviewList: 'read',
    reviewDecide: 'organizing',
    unmask: 'organizing',
    rotateKeys: 'organizing',
    myData: 'read',
    deleteMyData: 'personal'
  },
  service: {
    taxonomy: 'read',
    listServices: 'read',
    getService: 'read',
    servicePoints: 'read',
    stats: 'read',
    outcomes: 'read',
    suggestCategory: 'read',
    subscribeTemplates: 'read',
    submitNeed: 'personal',
    subscribe: 'personal',
    myNeeds: 'read',
    withdrawNeed: 'personal',
    rateReferral: 'personal',
    recordNeed: 'organizing',
    listNeeds: 'read',
    triageNeed: 'organizing',
    mergeNeed: 'organizing',
    closeNeed: 'organizing',
    match: 'read',
    confirmProposals: 'organizing',
    listReferrals: 'read',
    cancelReferral: 'organizing',
    listManagedServices: 'read',
    saveService: 'organizing',
    setServiceStatus: 'organizing',
    listResources: 'read',
    saveResource: 'organizing',
    listOrganizations: 'read',
    saveOrganization: 'organizing',
    designBoard: 'read',
    myReferrals: 'read',
    acceptReferral: 'personal',
    declineReferral: 'personal',
    scheduleReferral: 'personal',
    completeReferral: 'personal',
    unmask: 'organizing',
    rotateKeys: 'organizing',
    myData: 'read',
    deleteMyData: 'personal'
  },
  community: {
    centre: 'read',
    myData: 'read',
    deleteMyData: 'personal',
    // 兼职网格员 随手拍
    joinGrid: 'personal',
    myGridMembership: 'read',
    report: 'personal',
    myReports: 'read',
    listGridApplications: 'read',
    decideGridApplication: 'organizing',
    listReports: 'read',
    assignReport: 'organizing',
    resolveReport: 'organizing',
    rejectReport: 'organizing',
    gridStats: 'read',
    // 骑士之星 先锋指数
    myStarRiders: 'read',
    scoreRider: 'organizing',
    starRanking: 'read',
    publishStar: 'organizing',
    stars: 'read',
    myStar: 'read',
    // 商圈协商议事
    joinDistrict: 'personal',
    myDistrict: 'read',
    topics: 'read',
    topic: 'read',
    raiseTopic: 'personal',
    vote: 'personal',
    districtMembers: 'read',
    decideMember: 'organizing',
    scheduleMeeting: 'organizing',
    openVoting: 'organizing',
    closeVoting: 'organizing',
    publishDecision: 'organizing',
    addFollowUp: 'organizing',
    // 组织关系安家 入党申请
    registerParty: 'personal',
    myParty: 'read',
    withdrawParty: 'personal',
    listParty: 'read',
    partyDetail: 'organizing',
    followUpParty: 'organizing',
    rotateKeys: 'organizing',
    centres: 'read'
  }
}

const FUNCTIONS_DIR = path.join(__dirname, '..', '..', 'cloudfunctions')

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sources(full)
    return entry.name.endsWith('.ts') ? [full] : []
  })
}

/** Every `name: action({ … })` of a function's sources, with the kind its `limit` names (undefined for none). */
function declaredActions(fn: FunctionName): Map<string, WriteKind | undefined> {
  const found = new Map<string, WriteKind | undefined>()
  for (const file of sources(path.join(FUNCTIONS_DIR, fn))) {
    const text = fs.readFileSync(file, 'utf8')
    for (const m of text.matchAll(/(\w+): action\(\{([\s\S]*?)\brun:/g)) {
      const limit = /\blimit: '(\w+)'/.exec(m[2])
      found.set(m[1], limit ? (limit[1] as WriteKind) : undefined)
    }
  }
  return found
}

describe.each(Object.keys(DECISIONS) as FunctionName[])('function %s', (fn) => {
  const decisions: Record<string, Decision> = DECISIONS[fn]
  const declared = declaredActions(fn)

  it('has a decision for every action it declares, and declares every action decided', () => {
    expect([...declared.keys()].sort()).toEqual(Object.keys(decisions).sort())
  })

  it('marks each write with its budget, and nothing else', () => {
    for (const [action, limit] of declared) {
      const decision = decisions[action]
      expect([action, limit ?? 'unlimited']).toEqual([action, decision === 'read' || decision === 'once' ? 'unlimited' : decision])
    }
  })
})
