/**
 * Matching needs to services (issue 9): pure, no I/O, `now` always a parameter. See each module's header.
 *   model       stored shapes: needs, organizations, resources, services, referrals, and their vocabularies
 *   lifecycle   the need and referral status machines
 *   taxonomy    how service codes fit a need's code; codes suggested for a text
 *   text        token normalization, BM25-lite relevance, Jaccard
 *   geo         distances on GCJ-02, the 15-minute circle
 *   schedule    weekly windows in Asia/Shanghai, open now, capacity periods
 *   filter      hard filters and the prepared service pool
 *   score       the explainable score and its reasons
 *   assign      min-cost max-flow assignment under capacity, and the first-come and greedy baselines
 *   match       one matching run: candidates, top K, assignment, proposals
 *   duplicates  the duplicate check before a need is saved
 *   figures     the centre's figures from aggregate rows, with small-cell suppression
 *   board       the service design board, and composing a service from a need and resources
 *   points      the service points map
 *   privacy     what of a need is sealed at rest, and how organizers see it masked
 *   views       what the requester, a provider, organizers and the public see
 *   notices     who hears about a status change, and what they read
 */
export * from './model'
export * from './lifecycle'
export * from './taxonomy'
export * from './text'
export * from './geo'
export * from './schedule'
export * from './filter'
export * from './score'
export * from './assign'
export * from './match'
export * from './duplicates'
export * from './figures'
export * from './board'
export * from './points'
export * from './privacy'
export * from './views'
export * from './notices'
