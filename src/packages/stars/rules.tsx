/**
 * 评选办法: the published criteria and the 先锋指数 formula in plain Chinese, written from core/community/stars.ts (the
 * weights, points and caps the function computes with), so what riders read is what is counted.
 */
import { View } from '@tarojs/components'
import { ACTIVITY_RULES, criteriaOf, STAR_SIDE_LABELS, STAR_SIDES } from '@core/community/stars'

export default function StarRules() {
  const r = ACTIVITY_RULES
  return (
    <View className='card star-rules' id='star-rules'>
      <View className='card__title'>评选办法</View>
      <View className='card__text'>每月由站点站长（企业）和党群服务中心（社区）分别为党员骑手打分，再加上骑手当月的实际行动，算出「先锋指数」，满分 100。</View>
      {STAR_SIDES.map((side) => (
        <View key={side} className='star-rules__side'>
          <View className='star-rules__side-title'>{`${STAR_SIDE_LABELS[side]}（满分 100）`}</View>
          {criteriaOf(side).map((c) => (
            <View key={c.id} className='star-rules__item'>
              {`${c.title} ${c.weight} 分：${c.hint}`}
            </View>
          ))}
        </View>
      ))}
      <View className='star-rules__side'>
        <View className='star-rules__side-title'>{`活动分（最多 ${r.reportsCap + r.volunteerCap + r.coursesCap} 分）`}</View>
        <View className='star-rules__item'>{`网格上报每办结一件 ${r.perReportResolved} 分，最多 ${r.reportsCap} 分`}</View>
        <View className='star-rules__item'>{`志愿服务每 1 小时 ${r.perVolunteerHour} 分，最多 ${r.volunteerCap} 分`}</View>
        <View className='star-rules__item'>{`参加课程每节 ${r.perCourseAttended} 分，最多 ${r.coursesCap} 分`}</View>
      </View>
      <View className='star-rules__formula'>先锋指数 = 企业评分 × 0.4 + 社区评分 × 0.4 + 活动分</View>
      <View className='card__text'>例：企业 80 分、社区 86 分、办结上报 3 件、志愿服务 2.5 小时、上课 5 节，先锋指数 = 32 + 34.4 + (6 + 2.5 + 4) = 78.9。</View>
    </View>
  )
}
