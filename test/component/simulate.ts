/**
 * miniprogram-simulate, typed locally. Its bundled typings pull in miniprogram-api-typings, whose global `Require`
 * interface replaces Node's and breaks `require.resolve` for the whole TypeScript program, so they stay out.
 */

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

export const simulate = require('miniprogram-simulate') as Simulate
