/**
 * miniprogram-simulate, typed locally. Its bundled typings pull in miniprogram-api-typings, whose global `Require`
 * interface replaces Node's and breaks `require.resolve` for the whole TypeScript program, so they stay out.
 */
import { ensureNativeComponent, nativeRoot } from './native-build'

/** A node of a rendered component tree (j-component's wrapper around the exparser element). */
export interface SimNode {
  readonly dom?: Element
  querySelector(selector: string): SimNode | undefined
  querySelectorAll(selector: string): SimNode[]
  dispatchEvent(name: string, options?: { detail?: unknown }): void
}

export interface SimComponent extends SimNode {
  attach(parent: Element): void
  detach(): void
  addEventListener(name: string, listener: (event: { detail: unknown }) => void): void
}

interface Simulate {
  load(componentPath: string, options: { compiler: 'official' | 'simulate'; rootPath: string }): string
  render(componentId: string, properties?: Record<string, unknown>): SimComponent
  sleep(ms: number): Promise<void>
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- an import would pull in the typings the header explains away
export const simulate = require('miniprogram-simulate') as Simulate

/**
 * Builds (if needed) and registers a Taro component compiled by `taro build native-components`, rendered by WeChat's
 * own template compiler. `route` is the page it lives on: Taro's runtime asks for the current page when a component
 * mounts, and outside a real page there is none. Likewise a component that imports '@tarojs/taro' (toasts, hooks)
 * makes Taro read the global `getApp` while it loads, which only a mini-program defines.
 */
export async function loadNativeComponent(entry: string, route: string): Promise<string> {
  const componentPath = await ensureNativeComponent(entry)
  ;(global as { getCurrentPages?: () => unknown[] }).getCurrentPages = () => [{ route, options: {} }]
  ;(global as { getApp?: () => unknown }).getApp = () => ({})
  return simulate.load(componentPath, { compiler: 'official', rootPath: nativeRoot })
}

/** Taro renders asynchronously (React commit, then setData); give it a tick. */
export const settle = (): Promise<void> => simulate.sleep(30)

/**
 * Waits until a render has landed (`done` holds), up to 3 s: one `settle` is too short on a busy machine. A test
 * still asserts after it, so a render that never lands fails there with the difference shown.
 */
export async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done() && waited < 3000; waited += 30) await settle()
}

/** Visible text, one space between separately rendered pieces (as a reader would see them). */
export function textOf(node: SimNode | undefined): string {
  if (!node?.dom) return ''
  const pieces: string[] = []
  const walker = document.createTreeWalker(node.dom, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n.textContent?.trim()
    if (t) pieces.push(t)
  }
  return pieces.join(' ')
}
