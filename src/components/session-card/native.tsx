/**
 * SessionCard as a native custom component (built by `taro build native-components`, listed under `components` in
 * app.config.ts), for the component tests; a tap is reported as an `open` event with the session id.
 */
import type { Session } from '@core/api'
import { useNow } from '@/hooks/use-now'
import SessionCard from './index'

interface NativeScope {
  triggerEvent(name: string, detail: unknown): void
}

export interface NativeSessionCardProps {
  session?: Session
  now?: number
  waitlist?: boolean
  venueName?: string
  mine?: string
  $scope?: NativeScope
}

export default function NativeSessionCard({ session, now, waitlist, venueName, mine, $scope }: NativeSessionCardProps) {
  // Without a given `now` the card keeps its own clock, so labels like 即将开始 still turn over.
  const clock = useNow(60_000, now === undefined)
  if (!session) return null
  return (
    <SessionCard
      session={session}
      now={now ?? clock}
      waitlist={waitlist}
      venueName={venueName}
      mine={mine}
      onTap={() => $scope?.triggerEvent('open', { sessionId: session._id })}
    />
  )
}
