/** Resolved per platform by Taro: privacy.weapp.ts (WeChat privacy authorization) or privacy.h5.ts (local record). */

/** true once the person has agreed to the privacy notice (now or before); false if they decline. */
export declare function ensurePrivacy(): Promise<boolean>
