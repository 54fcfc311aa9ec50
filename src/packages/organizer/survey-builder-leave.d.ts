/**
 * Asking before unsaved edits are left behind, per platform (Taro builds survey-builder-leave.weapp.ts or .h5.ts):
 * WeChat has its own question on the back button and gesture; a browser page wraps the app's way back and the tab's
 * closing.
 */
import type { LeaveGuard } from './survey-builder-leave-types'

export declare const leaveGuard: LeaveGuard
