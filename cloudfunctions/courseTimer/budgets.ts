/**
 * The timer's steps, in the order they run, with their time budgets. Together they stay inside the function's timeout
 * (config.json `timeout`, 60 s) with room to spare, so the last step — sending — always gets its turn; a unit test
 * holds the sum to that. Sending has the largest share: it is the step people notice.
 */
export const STEP_BUDGET_MS = {
  /** 1. Lotteries whose registration closed are drawn. */
  draws: 8_000,
  /** 2. Holds that ran out pass to the next person waiting. */
  holds: 6_000,
  /** 3. At start + 10 min, unclaimed seats are released. */
  releases: 6_000,
  /** 4. After class, strikes are settled. */
  settle: 6_000,
  /** 5. An hour before the start, class reminders are queued. */
  reminders: 6_000,
  /** 6. Notices written onto bookings become notifications. */
  relay: 8_000,
  /** 7. Due notifications are sent. */
  send: 15_000
} as const

export type StepName = keyof typeof STEP_BUDGET_MS

/** What the budgets leave of the timeout: the function's own start and answer. */
export const TIMEOUT_RESERVE_MS = 5_000
