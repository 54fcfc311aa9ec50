/**
 * The person's position for this run of the app, once they let us have it: the 服务 list, a service's page and the
 * map all measure from it, and nobody is asked twice. Kept in memory only — a position is not something to store.
 * `readNear` is the one way a page asks for it (the refusal's toast and the remembering in one place); `useNear` adds
 * the spinner for the pages that show the position.
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { position } from '@/platform/position'

export interface NearPoint {
  lat: number
  lng: number
}

let remembered: NearPoint | undefined

export const nearHere = (): NearPoint | undefined => remembered

export function rememberNear(point: NearPoint): void {
  remembered = point
}


/** Asks for the position: remembered and answered, or null after a toast saying why not. */
export async function readNear(): Promise<NearPoint | null> {
  const found = await position.read()
  if (!found.ok) {
    void Taro.showToast({ title: found.message, icon: 'none', duration: 3000 })
    return null
  }
  rememberNear(found.point)
  return found.point
}

/** The remembered position, and `locate` to ask for it (a refusal is toasted); `forget` drops it for this page. */
export function useNear() {
  const [near, setNear] = useState(nearHere)
  const [locating, setLocating] = useState(false)
  const locate = async (): Promise<void> => {
    setLocating(true)
    const found = await readNear()
    setLocating(false)
    if (found) setNear(found)
  }
  return { near, locating, locate, forget: () => setNear(undefined) }
}
