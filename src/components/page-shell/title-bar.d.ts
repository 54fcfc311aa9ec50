/**
 * The title bar of a page. Resolved per platform by Taro: title-bar.h5.tsx draws one on H5 subpages; on weapp
 * WeChat's native navigation bar is already there, so title-bar.weapp.tsx renders nothing.
 */
import type { ReactElement } from 'react'

export default function TitleBar(): ReactElement | null
