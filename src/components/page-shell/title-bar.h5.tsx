/**
 * A subpage's title bar in a browser, standing in for WeChat's native one: the page's title (its
 * navigationBarTitleText, or what the page sets with Taro.setNavigationBarTitle) and one way out, 返回 to the page it
 * was opened from, or 首页 when a shared link opened it and there is nothing to go back to. Tab pages get no bar: the
 * tab bar names them and there is nowhere to go back to. The bar sticks to the top of the page's scroll container
 * and belongs to one page, so a title set while another page is in front is not taken. Titles are text, never HTML.
 */
import { useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { homeUrl, isTabPage, routeOf, TITLE_EVENT } from '@/platform/h5-runtime'
import './title-bar.scss'

interface OwnPage {
  /** The page being opened when the bar first renders: the one it belongs to. */
  instance: Taro.PageInstance | null
  isTab: boolean
  canGoBack: boolean
  title: string
}

function ownPage(): OwnPage {
  const instance = Taro.getCurrentInstance().page
  const route = routeOf(instance?.path ?? '')
  return {
    instance,
    isTab: isTabPage(route),
    canGoBack: Taro.getCurrentPages().length > 1,
    title: instance?.config?.navigationBarTitleText ?? document.title
  }
}

export default function TitleBar() {
  const [own] = useState(ownPage)
  const [title, setTitle] = useState(own.title)
  const leaving = useRef(false)

  useEffect(() => {
    if (own.isTab) return undefined
    const onTitle = (next: unknown) => {
      if (typeof next === 'string' && Taro.getCurrentInstance().page === own.instance) setTitle(next)
    }
    Taro.eventCenter.on(TITLE_EVENT, onTitle)
    return () => {
      Taro.eventCenter.off(TITLE_EVENT, onTitle)
    }
  }, [own])

  if (own.isTab) return null

  // The second tap of a hurried double tap would go back twice; a way out that did not open can be tapped again.
  const leave = (go: () => Promise<TaroGeneral.CallbackResult>) => () => {
    if (leaving.current) return
    leaving.current = true
    go().then(
      (res) => {
        if (res.errMsg.includes(':fail')) leaving.current = false
      },
      () => {
        leaving.current = false
      }
    )
  }

  return (
    <View className='title-bar' id='title-bar'>
      {own.canGoBack ? (
        <View
          className='title-bar__button'
          id='title-bar-back'
          aria-role='button'
          aria-label='返回'
          hoverClass='title-bar__button--pressed'
          onClick={leave(() => Taro.navigateBack())}
        >
          <View className='title-bar__back-icon' />
        </View>
      ) : (
        <View
          className='title-bar__button'
          id='title-bar-home'
          aria-role='button'
          hoverClass='title-bar__button--pressed'
          onClick={leave(() => Taro.switchTab({ url: homeUrl() }))}
        >
          <View className='title-bar__home-icon' />
          <Text className='title-bar__label'>首页</Text>
        </View>
      )}
      <Text className='title-bar__title'>{title}</Text>
    </View>
  )
}
