/** What survey-builder-leave.weapp.ts and survey-builder-leave.h5.ts both offer (see survey-builder-leave.d.ts). */
export interface LeaveGuard {
  /** Asks before the page is left while `message` holds; the returned function stops asking. */
  readonly hold: (message: string) => () => void
}
