/**
 * Organizer actions on lotteries and strikes:
 *   drawLottery    {sessionId} → {session, audit, winners, waitlisted}: the draw of lottery.ts, now rather than by the timer
 *   forgiveStrike  {strikeId} → {strike}
 */
import { drawLotterySchema, forgiveStrikeSchema, type DrawLotteryOutput, type ForgiveStrikeOutput } from '@core/api/course'
import { DomainError } from '@core/api/result'
import { forgiveStrike, toSessionView } from '@core/booking'
import { formatDateTime } from '@core/time'
import { action, audit, requireVenue } from '../../_shared'
import { runDraw, type DrawRun } from '../lottery'
import { readSession, store } from '../repo'
import { courseOrThrow, type Ctx } from './reads'

/** Why the draw did not happen, for the organizer. */
function drawRefusal(run: Exclude<DrawRun, { state: 'drawn' | 'already-drawn' }>): DomainError {
  switch (run.state) {
    case 'not-found':
      return new DomainError('NOT_FOUND', '这节课不存在或已被删除', 'sessionId')
    case 'not-lottery':
      return new DomainError('CONFLICT', '这门课不是抽签报名')
    case 'cancelled':
      return new DomainError('CONFLICT', '这节课已取消')
    case 'not-due':
      return new DomainError('CONFLICT', `抽签报名 ${formatDateTime(run.drawAt)} 截止，截止后才能抽签`)
    case 'busy':
      return new DomainError('CONFLICT', '抽签时名额有变动，请稍后再试')
  }
}

async function drawNow(ctx: Ctx<{ sessionId: string }>): Promise<DrawLotteryOutput> {
  // The draw is final: whose centre it is is checked before anything is drawn.
  requireVenue(ctx.user, (await readSession(ctx.input.sessionId)).venueId)
  const run = await runDraw(ctx.input.sessionId, ctx.now, ctx.openid)
  if (run.state !== 'drawn' && run.state !== 'already-drawn') throw drawRefusal(run)
  if (!run.draw) throw new DomainError('CONFLICT', '这节课已经抽过签了')
  if (run.state === 'drawn') {
    await audit(ctx, 'drawLottery', `sessions/${run.session._id}`, {
      seed: run.draw.audit.seed,
      entrants: run.draw.audit.entrants.length,
      winners: run.draw.winners.length
    })
  }
  return {
    session: toSessionView(run.session, run.policy),
    audit: run.draw.audit,
    winners: run.draw.winners.length,
    waitlisted: run.draw.waitlist.length
  }
}

async function forgive(ctx: Ctx<{ strikeId: string }>): Promise<ForgiveStrikeOutput> {
  const strike = await store.get('strikes', ctx.input.strikeId)
  if (!strike) throw new DomainError('NOT_FOUND', '没有找到这条爽约记录', 'strikeId')
  requireVenue(ctx.user, (await courseOrThrow(strike.courseId)).venueId)
  const next = forgiveStrike(strike, ctx.openid, ctx.now)
  if (next === strike) return { strike }
  const { _id, ...fields } = next
  await store.updateDoc('strikes', _id, fields)
  await audit(ctx, 'forgiveStrike', `strikes/${_id}`, { openid: strike.openid, sessionId: strike.sessionId, kind: strike.kind })
  return { strike: next }
}

export const lotteryStrikeActions = {
  drawLottery: action({ input: drawLotterySchema, auth: 'organizer', limit: 'organizing', run: drawNow }),
  forgiveStrike: action({ input: forgiveStrikeSchema, auth: 'organizer', limit: 'organizing', run: forgive })
}
