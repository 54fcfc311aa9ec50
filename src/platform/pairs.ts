/**
 * Compile-time only: nothing imports this module, `tsc --noEmit` checks it with the rest of src. Each platform file
 * types its constant with the pair's interface, which catches a signature that drifts; this list catches the other
 * way a pair breaks — a constant renamed or missing on one platform, which would otherwise surface only when that
 * platform runs. Every `.d.ts` of a pair re-declares exactly these names.
 */
import type { CallFn, FileUrlFn, UploadFileFn } from '@/cloud/types'
import type { PrivacyConsent } from '@/privacy/types'
import type { FileOpener, Subscriptions } from './types'

/** `Built` is what one platform exports; it must be what the `.d.ts` declares. */
type Declared<Declaration, Built extends Declaration> = Built

export type PlatformPairs = [
  Declared<CallFn, typeof import('@/cloud/call.weapp').call>,
  Declared<CallFn, typeof import('@/cloud/call.h5').call>,
  Declared<UploadFileFn, typeof import('@/cloud/call.weapp').uploadFile>,
  Declared<UploadFileFn, typeof import('@/cloud/call.h5').uploadFile>,
  Declared<FileUrlFn, typeof import('@/cloud/call.weapp').fileUrl>,
  Declared<FileUrlFn, typeof import('@/cloud/call.h5').fileUrl>,
  Declared<PrivacyConsent, typeof import('@/privacy/privacy.weapp').privacyConsent>,
  Declared<PrivacyConsent, typeof import('@/privacy/privacy.h5').privacyConsent>,
  Declared<FileOpener, typeof import('./open-file.weapp').fileOpener>,
  Declared<FileOpener, typeof import('./open-file.h5').fileOpener>,
  Declared<Subscriptions, typeof import('./subscribe.weapp').subscriptions>,
  Declared<Subscriptions, typeof import('./subscribe.h5').subscriptions>
]
