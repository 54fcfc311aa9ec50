/**
 * The root of every page: applies the theme, draws the H5 title bar (WeChat draws its own; see title-bar.d.ts) and
 * hosts the privacy sheet.
 * On weapp each page is its own render root, so a ConfigProvider in app.tsx would not reach it; it sits here instead.
 */
import type { ReactNode } from 'react'
import { ConfigProvider } from '@nutui/nutui-react-taro'
import { themeVars } from '@/theme/tokens'
import PrivacySheet from '@/components/privacy-sheet'
import TitleBar from './title-bar'
import './index.scss'

export default function PageShell({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <ConfigProvider theme={themeVars} className={className ? `page-shell ${className}` : 'page-shell'}>
      <TitleBar />
      {children}
      <PrivacySheet />
    </ConfigProvider>
  )
}
