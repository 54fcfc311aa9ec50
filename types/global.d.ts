/// <reference types="@tarojs/taro" />

declare module '*.png' {
  const src: string
  export default src
}
declare module '*.scss'
declare module '*.css'

/** Cloud environment id injected by config/index.ts (defineConstants); '' = the account's default environment. */
declare const CLOUD_ENV: string

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'harmony' | 'rn'
  }
}
