/**
 * The privacy consent both platforms ask for, declared once: privacy.weapp.ts (WeChat's privacy authorization) and
 * privacy.h5.ts (a record on this device) each export one constant typed with it, and privacy.d.ts re-declares that
 * constant from it, so a drift on either platform fails `tsc --noEmit`.
 */
export interface PrivacyConsent {
  /** true once the person has agreed to the privacy notice (now or before); false if they decline. */
  readonly ensure: () => Promise<boolean>
  /** Whether they agreed before, without asking: for pages that only benefit from the profile (the 课程 filter). */
  readonly given: () => Promise<boolean>
}
