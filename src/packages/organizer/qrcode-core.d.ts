/**
 * qrcode's symbol encoder alone (no canvas, PNG or file renderers, and nothing Node-specific), with the package's own
 * typings for it.
 */
declare module 'qrcode/lib/core/qrcode' {
  export { create } from 'qrcode'
}
