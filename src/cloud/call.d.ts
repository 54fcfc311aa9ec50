/**
 * The one cloud client every page uses. Taro resolves `@/cloud/call` per platform to call.weapp.ts (CloudBase via
 * Taro.cloud) or call.h5.ts (the local cloud over HTTP); both implement these signatures.
 */
import type { CallFn, FileUrlFn, UploadFileFn } from './types'

export declare const call: CallFn
export declare const uploadFile: UploadFileFn
export declare const fileUrl: FileUrlFn
