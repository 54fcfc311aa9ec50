/** WeChat's official wxml/wxss compilers (wcc/wcsc) as wrapped by the miniprogram-compiler package. */
declare module 'miniprogram-compiler' {
  interface WxmlOptions {
    /** .wxml paths relative to rootPath; default: every .wxml under it. */
    wxmlList?: string[]
    /** .wxs paths relative to rootPath; default: every .wxs under it. */
    wxsList?: string[]
    cut?: boolean
    maxBuffer?: number
  }
  /** Compiles the templates to the `$gwx` factory source; throws with wcc's message on any error. */
  export function wxmlToJs(rootPath: string, options?: WxmlOptions): string
  export function wxssToJs(rootPath: string, options?: { wxssList?: string[]; maxBuffer?: number }): string
}
