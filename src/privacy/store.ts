/**
 * The privacy consent prompt shared by every page: whoever needs consent asks here, and the sheet rendered by the
 * current page (components/privacy-sheet) answers. Several requests while the sheet is open share one answer.
 */
import { useSyncExternalStore } from 'react'

/** The agree button's id; WeChat's onNeedPrivacyAuthorization resolve must name the button that was tapped. */
export const AGREE_BUTTON_ID = 'privacy-agree'

export interface PrivacyPrompt {
  contractName: string
}

let prompt: PrivacyPrompt | null = null
let waiting: Array<(agreed: boolean) => void> = []
const listeners = new Set<() => void>()

const emit = () => listeners.forEach((l) => l())

/** Shows the sheet (or joins the one showing) and resolves with the person's answer. */
export function askConsent(contractName: string): Promise<boolean> {
  return new Promise((resolve) => {
    waiting.push(resolve)
    if (!prompt) {
      prompt = { contractName }
      emit()
    }
  })
}

export function answerConsent(agreed: boolean): void {
  const resolvers = waiting
  waiting = []
  prompt = null
  emit()
  resolvers.forEach((r) => r(agreed))
}

const subscribe = (listener: () => void) => {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

export function usePrivacyPrompt(): PrivacyPrompt | null {
  return useSyncExternalStore(subscribe, () => prompt)
}
