/** What locate.weapp.ts and locate.h5.ts both offer (see locate.d.ts). */
import type { GeoPoint } from '@core/survey/values'

/** A picked place (GCJ-02, the datum of WeChat's map), a reason it could not be had, or nothing (the person backed out). */
export type Located = { ok: true; point: GeoPoint; name?: string } | { ok: false; message: string } | null

export interface Locator {
  /** What the button says: 在地图上选择 / 使用我现在的位置. */
  readonly label: string
  /** Said under the button before anything is picked. */
  readonly hint: string
  readonly locate: () => Promise<Located>
}
