/**
 * What a lottery draw did, in a few lines an organizer can read out or check: winners and waitlist, who had better
 * chances, and the seed and digest the draw can be recomputed from — recomputed here with core's verifyDraw.
 */
import { View } from '@tarojs/components'
import type { DrawLotteryOutput } from '@core/api'
import { verifyDraw } from '@core/booking'

export default function DrawSummary({ draw }: { draw: DrawLotteryOutput }) {
  const { audit } = draw
  const firstTimers = audit.entrants.filter((e) => e.firstTimer).length
  const lostLast = audit.entrants.filter((e) => e.lostLastDraw).length
  const verified = verifyDraw(audit)
  return (
    <View className='card' id='draw-audit' data-verified={verified ? 'true' : 'false'}>
      <View className='card__title'>{`抽签完成：中签 ${draw.winners} 人，候补 ${draw.waitlisted} 人`}</View>
      <View className='card__text'>{`共 ${audit.entrants.length} 人报名，其中首次参加 ${firstTimers} 人、上次未中签 ${lostLast} 人（中签机会更大）。`}</View>
      <View className='card__text'>{`种子：${audit.seed}`}</View>
      <View className='card__text'>{`报名名单摘要：${audit.entrantsDigest.slice(0, 16)}…`}</View>
      <View className='card__text'>{`算法：${audit.algorithm}`}</View>
      <View className='card__text'>{verified ? '已按以上数据重新计算，结果一致。' : '重新计算结果不一致，请联系管理员核查。'}</View>
    </View>
  )
}
