/**
 * The app itself draws nothing: every page renders inside components/page-shell. Here, once, the weapp build joins
 * its cloud environment and each platform starts its page-opening safeguards (platform/navigation).
 */
import type { PropsWithChildren } from 'react'
import Taro from '@tarojs/taro'
// NutUI's default CSS variables, once for the whole app; our theme (theme/tokens.ts) overrides them per page.
import '@nutui/nutui-react-taro/dist/styles/theme-default.scss'
import { pageNavigation } from '@/platform/navigation'
import './app.scss'

if (process.env.TARO_ENV === 'weapp') {
  Taro.cloud.init(CLOUD_ENV ? { env: CLOUD_ENV, traceUser: true } : { traceUser: true })
}
pageNavigation.start()

export default function App({ children }: PropsWithChildren) {
  return children
}
