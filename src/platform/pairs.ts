/**
 * Compile-time only: nothing imports this module, `tsc --noEmit` checks it with the rest of src. Each platform file
 * types its constant with the pair's interface, which catches a signature that drifts; this list catches the other
 * way a pair breaks — a constant renamed or missing on one platform, which would otherwise surface only when that
 * platform runs. Every `.d.ts` of a pair re-declares exactly these names.
 */
import type { MatchingTemplate } from '@core/matching'
import type { call as callH5, fileUrl as fileUrlH5, uploadFile as uploadFileH5 } from '@/cloud/call.h5'
import type { call as callWeapp, fileUrl as fileUrlWeapp, uploadFile as uploadFileWeapp } from '@/cloud/call.weapp'
import type { CallFn, FileUrlFn, UploadFileFn } from '@/cloud/types'
import type { locator as locatorH5 } from '@/components/survey/locate.h5'
import type { Locator } from '@/components/survey/locate-types'
import type { locator as locatorWeapp } from '@/components/survey/locate.weapp'
import type PointsMapH5 from '@/packages/service/points-map.h5'
import type { PointsMapProps } from '@/packages/service/points-map-types'
import type PointsMapWeapp from '@/packages/service/points-map.weapp'
import type { privacyConsent as privacyConsentH5 } from '@/privacy/privacy.h5'
import type { privacyConsent as privacyConsentWeapp } from '@/privacy/privacy.weapp'
import type { PrivacyConsent } from '@/privacy/types'
import type { fileOpener as fileOpenerH5 } from './open-file.h5'
import type { fileOpener as fileOpenerWeapp } from './open-file.weapp'
import type { network as networkH5 } from './network.h5'
import type { network as networkWeapp } from './network.weapp'
import type { mapOpener as mapOpenerH5 } from './open-map.h5'
import type { mapOpener as mapOpenerWeapp } from './open-map.weapp'
import type { position as positionH5 } from './position.h5'
import type { position as positionWeapp } from './position.weapp'
import type { serviceSubscriptions as serviceSubscriptionsH5, subscriptions as subscriptionsH5 } from './subscribe.h5'
import type { serviceSubscriptions as serviceSubscriptionsWeapp, subscriptions as subscriptionsWeapp } from './subscribe.weapp'
import type { FileOpener, MapOpener, NetworkWatch, PositionReader, Subscriptions } from './types'

/** `Built` is what one platform exports; it must be what the `.d.ts` declares. */
type Declared<Declaration, Built extends Declaration> = Built

export type PlatformPairs = [
  Declared<CallFn, typeof callWeapp>,
  Declared<CallFn, typeof callH5>,
  Declared<UploadFileFn, typeof uploadFileWeapp>,
  Declared<UploadFileFn, typeof uploadFileH5>,
  Declared<FileUrlFn, typeof fileUrlWeapp>,
  Declared<FileUrlFn, typeof fileUrlH5>,
  Declared<PrivacyConsent, typeof privacyConsentWeapp>,
  Declared<PrivacyConsent, typeof privacyConsentH5>,
  Declared<FileOpener, typeof fileOpenerWeapp>,
  Declared<FileOpener, typeof fileOpenerH5>,
  Declared<PositionReader, typeof positionWeapp>,
  Declared<PositionReader, typeof positionH5>,
  Declared<MapOpener, typeof mapOpenerWeapp>,
  Declared<MapOpener, typeof mapOpenerH5>,
  Declared<Subscriptions, typeof subscriptionsWeapp>,
  Declared<Subscriptions, typeof subscriptionsH5>,
  Declared<Subscriptions<MatchingTemplate>, typeof serviceSubscriptionsWeapp>,
  Declared<Subscriptions<MatchingTemplate>, typeof serviceSubscriptionsH5>,
  Declared<Locator, typeof locatorWeapp>,
  Declared<Locator, typeof locatorH5>,
  Declared<NetworkWatch, typeof networkWeapp>,
  Declared<NetworkWatch, typeof networkH5>,
  Declared<(props: PointsMapProps) => JSX.Element, typeof PointsMapWeapp>,
  Declared<(props: PointsMapProps) => JSX.Element, typeof PointsMapH5>
]
