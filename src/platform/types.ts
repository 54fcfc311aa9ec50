/**
 * What each per-platform module in src/platform offers, declared once. Taro builds `x.weapp.ts` or `x.h5.ts`; both
 * export one constant typed with the interface here, and `x.d.ts` (what the rest of the app compiles against)
 * re-declares that constant from the same interface. A platform file that drifts from it fails `tsc --noEmit`,
 * instead of failing on that platform at run time. Members are function-typed properties, not methods, so their
 * parameters are checked strictly rather than bivariantly.
 */
import type { Fail, SubscriptionKind } from '@core/api'

/** Opening a downloaded file (the roster export). */
export interface FileOpener {
  /** What the open button says on this platform. */
  readonly label: string
  /** Resolves with a Fail (Chinese message) when the file could not be opened. */
  readonly open: (url: string, fileName: string) => Promise<Fail | undefined>
}

/**
 * One-time subscription messages (订阅消息) of one function's templates: the course ones asked for on the booking tap,
 * the service ones on the need form and the 提醒 buttons. A platform without them (a browser) has nothing to ask for.
 */
export interface Subscriptions<Kind extends string = SubscriptionKind> {
  /**
   * Fetches the template ids ahead of the tap (WeChat shows the prompt only straight from a user gesture, so there is
   * no time to fetch them then). Resolves with whether any of `kinds` (default every kind) can be asked for.
   */
  readonly prepare: (kinds?: readonly Kind[]) => Promise<boolean>
  /** Call straight from the tap handler, after prepare: asks for `kinds` (default every kind), resolves with the accepted ones. */
  readonly request: (kinds?: readonly Kind[]) => Promise<Kind[]>
}

/**
 * What the app needs around its pages that WeChat provides by itself: on weapp nothing; in a browser, opening a page
 * that cannot load (a lazily loaded chunk, offline) must say so instead of failing silently, and going back from the
 * only page must not reload it.
 */
export interface PageNavigation {
  /** Called once, as the app module loads, before the first page is opened. */
  readonly start: () => void
}

/** A place to find the way to: a service centre, GCJ-02 coordinates as WeChat and Amap use them. */
export interface MapPlace {
  name: string
  address: string
  lat: number
  lng: number
}

/** 导航: showing a place on a map the phone can route from. */
export interface MapOpener {
  /** Resolves with a Fail (Chinese message) when no map could be shown. */
  readonly open: (place: MapPlace) => Promise<Fail | undefined>
}

/** Where the person is, asked for only when they tap something that needs it (distance, the 15-minute circle). */
export interface PositionReader {
  /** Resolves with a GCJ-02 point, or a Fail (Chinese message) when the person said no or the phone could not tell. */
  readonly read: () => Promise<{ ok: true; point: { lat: number; lng: number } } | Fail>
}

/** Whether the phone is online now, and hearing when that changes (走访录入 syncs its queue on reconnect). */
export interface NetworkWatch {
  /** Resolves with whether a connection is up (it may still be weak). */
  readonly online: () => Promise<boolean>
  /** Calls `listener` on every change; returns the function that stops listening. */
  readonly watch: (listener: (online: boolean) => void) => () => void
}
