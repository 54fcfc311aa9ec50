/**
 * Database requests per action (issue 11): the most each action of each function may make in its common case, as
 * counted by the local cloud (`x-cloud-db-ops`). CloudBase bills reads and writes, so this table is the product's
 * running cost; bench/requests.ts measures every row and the bench fails when an action needs more.
 *
 * Typed by FunctionApi (core/api): a function's row must name exactly its actions, so a new action without a budget,
 * or a budget left behind by a removed one, does not compile (test/bench/budgets.test.ts checks the same against the
 * action tables the functions serve). An action with common cases that differ in what they touch (a free seat or the
 * waitlist) has one budget per case; the cases are arranged by hand in bench/requests.ts.
 *
 * Which case is measured: the caller is the matrix's (test/security/authorization-matrix.ts) — the user, else an
 * organizer, a provider, an admin — on its sample, and has written once of every kind of write an hour before. So a
 * write action's figure includes the write limit's one request (cloudfunctions/_shared/limits.ts), not the three of a
 * person's very first write of a kind. An organizer action includes the read of the caller's `users` document that
 * authorises it.
 */
import type { ActionName, FunctionName } from '@core/api'

/** One budget for the action, or one per named common case. */
export type RequestBudget = number | { readonly [commonCase: string]: number }

export type RequestBudgets = { readonly [F in FunctionName]: { readonly [A in ActionName<F>]: RequestBudget } }

export const REQUEST_BUDGETS = {
  user: {
    login: 1,
    // The limit (1), the person (1), the update (1).
    updateProfile: 3,
    myData: 1,
    // The limit, the person read and removed, and their four write-limit records (one per kind of write).
    deleteMyData: 7
  },
  course: {
    // The sessions in range (1) and their courses, for each one's booking rules (1); signed in, the caller's bookings
    // in the range (1). The "1 query + identity" needs the rules on the session document: not there today.
    listSessions: { 'signed in': 3, 'no account': 2 },
    // The courses, one aggregate over their upcoming sessions, the venues' names.
    listCourses: 3,
    getCourse: 4,
    listVenues: 1,
    // Answered from the function's configuration.
    subscribeTemplates: 0,
    // The limit (1); the session with its course, where it has the person and their bookings of 30 days for quota
    // and strikes, in one aggregate (1); the seat claim or the append to the waitlist, which answers with the queue
    // (1); the booking (1). Again: the person is found already seated in that first read; nothing is written.
    book: { confirmed: 4, waitlisted: 4, again: 2 },
    // Promotion adds the next person's booking (1): their seat is taken in the same update that frees this one.
    cancel: { 'waitlist empty': 5, 'next promoted': 6 },
    confirmHold: 4,
    checkin: { booked: 5, 'walk-in': 5 },
    myBookings: 4,
    listAllCourses: 4,
    // The caller, the limit, the centre, the course, its update, the update of its sessions' copies, the audit.
    saveCourse: 7,
    generateSessions: 6,
    updateSession: 6,
    // Also the booked people: the seats freed, their bookings read and updated in one request, the session read back.
    cancelSession: 10,
    roster: 5,
    // The session, the booking, the person, the seat marked, the booking updated, the audit; the caller and the limit.
    markAttendance: 8,
    checkinCode: 2,
    forgiveStrike: 6,
    // The course, its sessions, their bookings, the people, the centre, the audit (the file is storage, not database).
    exportRoster: 8,
    courseStats: 5,
    // The session twice (as stored and with its course), the draw record, the entrants and their other bookings of
    // the course, then the draw, the seats, the bookings, the session read back, the audit.
    drawLottery: 12,
    myData: 4,
    // Grows with the person's bookings: the fixture's owner has five, about ten requests each (a seat or place given
    // back, an anonymous copy kept for the centre's counts, the original removed, its audit lines detached), and the
    // two volunteer activities the demo rider served, six each (nothing to give back).
    deleteMyData: 65,
    // The caller, the limit, the slot with its activity, the booking and the person, the booking updated, the audit.
    checkOut: 7,
    // The caller, the limit, the slot, its present bookings, one update per person checked out (the sample's one),
    // their profiles, the audit.
    checkOutAll: 7,
    // The caller's bookings with hours, their activities, the centres' names.
    myVolunteering: 3
  },
  survey: {
    list: 3,
    get: 1,
    saveDraft: 3,
    // The limit (1), the questionnaire with its version (1), the count claimed on it (1), the response (1), the count
    // confirmed (1); a questionnaire with lists adds their entries (1): 新就业群体需求调查, the common one, needs 6.
    submit: { 'a suggestion': 5, 'needs questionnaire': 6 },
    listManaged: 3,
    getDefinition: 3,
    save: 6,
    publish: 6,
    close: 5,
    duplicate: 5,
    results: 4,
    responses: 5,
    export: 6,
    // The response and its questionnaire, the void, the count given back, its list entries withdrawn (drafts updated,
    // approved ones read to uncount), the audit, the response read back.
    voidResponse: 10,
    reviewList: 3,
    // One update per page of draft entries (the demo's CHILDCARE drafts fill eight), the item made, its counters, the
    // audit: it grows with the entries decided at once.
    reviewDecide: 16,
    unmask: 6,
    rotateKeys: 7,
    myData: 4,
    // The person's responses and drafts with their questionnaires, each response replaced by an anonymous copy, its
    // list entries and audit lines detached.
    deleteMyData: 10
  },
  service: {
    taxonomy: 0,
    listServices: 3,
    getService: 2,
    servicePoints: 3,
    subscribeTemplates: 0,
    // The organizer read, then one query per figure of the dashboard (needs, list items, services, resources, courses,
    // bookings, people served, referrals, the two durations).
    stats: 11,
    // A centre's page: needs by status, and the centre's courses and their attended bookings (activities held).
    outcomes: 3,
    // Answered from the taxonomy's words.
    suggestCategory: 0,
    submitNeed: 5,
    subscribe: 3,
    myNeeds: 1,
    withdrawNeed: 3,
    rateReferral: 3,
    recordNeed: 5,
    listNeeds: 3,
    triageNeed: 6,
    mergeNeed: 6,
    // The need and its open referral closed, the providers found and told, the person told, the audit.
    closeNeed: 9,
    match: 5,
    // The caller, the limit, the need with its referrals, the service with its providers, the places already used,
    // the referral, the need moved to matching, the referrals read back for the answer, the audit.
    confirmProposals: { 'one proposal sent': 9 },
    listReferrals: 3,
    cancelReferral: 7,
    listManagedServices: 3,
    saveService: 7,
    setServiceStatus: 6,
    listResources: 2,
    saveResource: 5,
    listOrganizations: 2,
    saveOrganization: 5,
    designBoard: 5,
    myReferrals: 2,
    acceptReferral: 5,
    declineReferral: 5,
    scheduleReferral: 4,
    completeReferral: 5,
    unmask: 4,
    rotateKeys: 5,
    myData: 4,
    // Grows with the person's needs and referrals (three and two in the demo): each withdrawn or detached in turn.
    deleteMyData: 23
  },
  community: {
    // One centre's page: the centre, one read (its courses, services and figures are their own functions' reads).
    centre: 1,
    // One read per part's collection: the grid application, reports, memberships, topics raised, ballots (and their
    // topics), the 骑士之星 rider, scores and awards, registrations.
    myData: 10,
    // The limit, one read per collection, what others' records say of them repointed (4: audit targets, audit riders,
    // scores they gave, riders they manage), then each record removed or anonymized in turn: grows with the person's
    // reports, memberships and ballots (demo-rider has several of each).
    deleteMyData: 31,
    // The limit, the application and the centre at once, the insert (cloudfunctions/community/grid.ts).
    joinGrid: 4,
    // The application, then its centre's name.
    myGridMembership: 2,
    // The limit, membership + centres + recent reports of the category at once, the insert.
    report: 5,
    // The reports and the centres' names at once.
    myReports: 2,
    // Auth, the applications, then applicants and centres at once.
    listGridApplications: 4,
    // The limit, auth, the application, the conditional update, then applicant, centre, audit and the message at once.
    decideGridApplication: 8,
    // Auth, the reports, then reporters, centres, duplicates' counts and 网点 at once.
    listReports: 6,
    // The limit, auth, the report (and for a settling step its duplicates) at once, the conditional update, then
    // centre, audit and the messages at once.
    assignReport: 7,
    resolveReport: 8,
    rejectReport: 8,
    // Auth, one grouping.
    gridStats: 2,
    // The scorer (1), their riders (1), the month's scores (1). A case of its own: no caller of the matrix scores.
    myStarRiders: { 'a station manager': 3 },
    // The limit (1), the caller and the rider (2), the month's award (1), the write (1), the audit (1).
    scoreRider: 6,
    // The organizer (1), the riders and the award (2), scores (1), reports resolved (1), attendance (1), courses (1).
    starRanking: 7,
    // The limit (1), the organizer (1), the rider (1), scores and activity (4), the award (1), audit (1), the message (1).
    publishStar: 10,
    // The wall, one read.
    stars: 1,
    // The rider (1), scores and activity (4), the award (1).
    myStar: 6,
    // The write limit, the centre and the earlier application, the membership written.
    joinDistrict: 4,
    myDistrict: 1,
    topics: 1,
    // The topic, then the caller's ballot and membership.
    topic: 3,
    // The write limit, the membership, the topic inserted.
    raiseTopic: 3,
    // The write limit, the topic, the membership, the ballot inserted, the count on the topic (a second tap: the ballot read instead).
    vote: 5,
    districtMembers: 2,
    // The caller, the write limit, the application, its conditional update, audit.
    decideMember: 5,
    scheduleMeeting: 5,
    // … plus the members to tell (one bounded read) and their messages (one batch).
    openVoting: 7,
    // The caller, the write limit, the topic, the members counted, close-and-read, the tally stored, audit.
    closeVoting: 7,
    publishDecision: 7,
    addFollowUp: 5,
    // The limit, the centre, the insert.
    registerParty: 3,
    myParty: 1,
    // The limit, the registration, its removal.
    withdrawParty: 3,
    // The organizer, the page.
    listParty: 2,
    // The organizer, the limit, the registration, the audit entry.
    partyDetail: 4,
    // The organizer, the limit, the registration, its update, the message queued, the audit entry.
    followUpParty: 6,
    // The organizer, the limit, the batch (nothing stale in the common case), the count, the audit entry.
    rotateKeys: 5,
    // The centres, one read.
    centres: 1
  }
} as const satisfies RequestBudgets

/**
 * The timer triggers (config.json of each function), by function and trigger name: one run with nothing due, which is
 * what almost every run is (the course timer fires 1,440 times a day).
 */
export const TIMER_REQUEST_BUDGETS = {
  // One query per step (the lottery step two: the courses with a lottery, then their sessions due).
  courseTimer: { everyMinute: 8 },
  // Approved answers to import; the matchable needs, the active services, the needs' referrals, the places used.
  service: { everyQuarterHour: 5 }
} as const satisfies { readonly [fn: string]: { readonly [trigger: string]: number } }
