import type { PropsWithChildren } from 'react'
import Taro from '@tarojs/taro'
// NutUI's default CSS variables, once for the whole app; our theme (theme/tokens.ts) overrides them per page.
import '@nutui/nutui-react-taro/dist/styles/theme-default.scss'
import './app.scss'

if (process.env.TARO_ENV === 'weapp') {
  Taro.cloud.init(CLOUD_ENV ? { env: CLOUD_ENV, traceUser: true } : { traceUser: true })
}

export default function App({ children }: PropsWithChildren) {
  return children
}
