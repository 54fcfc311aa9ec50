/**
 * 议题详情: what was raised and by whom, the 议事会's time and place, the proposals, and then by state — a member's
 * ballot while voting (pick one, confirm, cast once: the button is busy until the answer, and the function counts a
 * second tap once), how many have voted meanwhile, the results as bars once the tally is frozen, the decision and
 * its follow-ups. Shared as a card, so a member can bring others to the vote.
 */
import { useState } from 'react'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { TopicOutput, TopicView } from '@core/api/community'
import { MEMBER_KIND_LABELS, percent } from '@core/community/deliberation'
import { formatDateTime } from '@core/time'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ConfirmDialog from '@/components/confirm-dialog'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import { alertFail } from '@/platform/feedback'
import { signInQuietly } from '@/session'
import { statusLabel } from './district'
import './topic.scss'

async function loadTopic(topicId: string) {
  // Signed in when possible, so the answer carries the person's ballot and membership; the topic is public all the same.
  await signInQuietly()
  return call('community', 'topic', { topicId })
}

export default function TopicPage() {
  const { params } = useRouter()
  const topicId = params.topicId ?? ''
  const remote = useRemote(topicId ? `deliberation-topic-${topicId}` : null, () => loadTopic(topicId))
  useRefreshing(remote)

  useShareAppMessage(() => ({
    title: remote.data ? `商圈议事：${remote.data.topic.title}` : '商圈议事',
    path: `/packages/deliberation/topic?topicId=${topicId}`
  }))

  return (
    <PageShell className='topic'>
      <RemoteView remote={remote} rows={8}>
        {(shown) => <TopicDetail shown={shown} onVoted={(proposalId) => remote.update((d) => ({ ...d, myVote: proposalId, topic: { ...d.topic, voted: d.topic.voted + 1 } }))} />}
      </RemoteView>
    </PageShell>
  )
}

function TopicDetail({ shown, onVoted }: { shown: TopicOutput; onVoted: (proposalId: string) => void }) {
  const { topic, myVote, membership } = shown
  return (
    <View id='topic-detail' data-status={topic.status}>
      <View className='card'>
        <View className='topic__head'>
          <Text className='topic__title' id='topic-title'>
            {topic.title}
          </Text>
          <Text className={`topic__status topic__status--${topic.status}`} id='topic-status'>
            {statusLabel(topic)}
          </Text>
        </View>
        <View className='topic__by'>{`${MEMBER_KIND_LABELS[topic.raisedByKind]} ${topic.raisedByName} · ${formatDateTime(topic.createdAt)} 提出`}</View>
        <View className='topic__description'>{topic.description}</View>
        {topic.meeting ? (
          <View className='topic__meeting' id='topic-meeting'>
            {`议事会：${formatDateTime(topic.meeting.at)} · ${topic.meeting.place}`}
          </View>
        ) : (
          <View className='topic__meeting topic__meeting--none'>社区正在安排议事会，时间地点定下后会在这里公布。</View>
        )}
      </View>
      {topic.status === 'voting' ? <Ballot topic={topic} myVote={myVote} member={membership?.status === 'approved'} onVoted={onVoted} /> : null}
      {topic.tally ? <Results topic={topic} myVote={myVote} /> : null}
      {topic.decision ? (
        <View className='card' id='topic-decision'>
          <View className='card__title'>议定结果</View>
          <View className='topic__decision'>{topic.decision}</View>
          {topic.decidedAt !== undefined ? <View className='topic__note'>{`${formatDateTime(topic.decidedAt)} 公布`}</View> : null}
        </View>
      ) : null}
      {topic.followUps.length > 0 ? (
        <View className='card' id='topic-follow-ups'>
          <View className='card__title'>落实情况</View>
          {topic.followUps.map((f, i) => (
            <View key={i} className={`topic__follow-up${f.done ? ' topic__follow-up--done' : ''}`}>
              <Text className='topic__follow-up-at'>{`${formatDateTime(f.at)}${f.done ? ' · 已落实' : ''}`}</Text>
              <Text className='topic__follow-up-text'>{f.text}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  )
}

interface BallotProps {
  topic: TopicView
  myVote: string | undefined
  member: boolean
  onVoted: (proposalId: string) => void
}

function Ballot({ topic, myVote, member, onVoted }: BallotProps) {
  const [chosen, setChosen] = useState<string | undefined>(myVote)
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const proposals = topic.proposals ?? []
  const cast = myVote !== undefined
  const chosenTitle = proposals.find((p) => p.id === chosen)?.title ?? ''

  const vote = async () => {
    if (busy || !chosen) return
    setBusy(true)
    const res = await call('community', 'vote', { topicId: topic._id, proposalId: chosen })
    setBusy(false)
    setConfirming(false)
    if (!res.ok) return alertFail('没能投票', res)
    if (!res.data.replayed) onVoted(res.data.proposalId)
    void Taro.showToast({ title: '投票成功', icon: 'success' })
  }

  return (
    <View className='card' id='topic-ballot'>
      <View className='card__title'>方案投票</View>
      <View className='topic__note' id='topic-turnout'>
        {`已有 ${topic.voted} 人投票 · ${topic.closesAt !== undefined ? `${formatDateTime(topic.closesAt)} 截止` : ''} · 结果在投票结束后公布`}
      </View>
      {proposals.map((p) => (
        <View
          key={p.id}
          id={`proposal-${p.id}`}
          className={`topic__proposal${chosen === p.id ? ' topic__proposal--on' : ''}`}
          aria-role='radio'
          aria-checked={chosen === p.id}
          data-on={chosen === p.id ? 'true' : 'false'}
          onClick={() => !cast && member && setChosen(p.id)}
        >
          <View className='topic__proposal-title'>{p.title}</View>
          {p.detail ? <View className='topic__proposal-detail'>{p.detail}</View> : null}
        </View>
      ))}
      {cast ? (
        <View className='topic__voted' id='topic-my-vote'>
          {`你已投票：${proposals.find((p) => p.id === myVote)?.title ?? ''}（一人一票，投出即定）`}
        </View>
      ) : member ? (
        <Button type='primary' block className='tap-target' id='topic-vote' disabled={!chosen || busy} loading={busy} onClick={() => setConfirming(true)}>
          {chosen ? '投这个方案' : '先选一个方案'}
        </Button>
      ) : (
        <View className='topic__note' id='topic-not-member'>
          只有本商圈的议事成员可以投票，可以在「商圈议事」页申请加入。
        </View>
      )}
      <ConfirmDialog open={confirming} title='确认投票？' confirmText='确认投票' busy={busy} onConfirm={() => void vote()} onCancel={() => setConfirming(false)}>
        {`投给「${chosenTitle}」。一人一票，投出后不能更改。`}
      </ConfirmDialog>
    </View>
  )
}

function Results({ topic, myVote }: { topic: TopicView; myVote: string | undefined }) {
  const tally = topic.tally
  if (!tally) return null
  return (
    <View className='card' id='topic-results'>
      <View className='card__title'>投票结果</View>
      <View className='topic__note'>{`${tally.total} 人投票，本商圈议事成员 ${tally.members} 人，参与率 ${percent(tally.total, tally.members)}%`}</View>
      {(topic.proposals ?? []).map((p) => {
        const count = tally.counts[p.id] ?? 0
        const share = percent(count, tally.total)
        const winner = tally.winners.includes(p.id)
        return (
          <View key={p.id} className={`topic__result${winner ? ' topic__result--winner' : ''}`} id={`result-${p.id}`}>
            <View className='topic__result-head'>
              <Text className='topic__result-title'>{`${p.title}${winner ? (tally.winners.length > 1 ? '（并列最多）' : '（得票最多）') : ''}${myVote === p.id ? ' · 我的票' : ''}`}</Text>
              <Text className='topic__result-count'>{`${count} 票 · ${share}%`}</Text>
            </View>
            <View className='topic__bar'>
              <View className='topic__bar-fill' style={{ width: `${share}%` }} />
            </View>
          </View>
        )
      })}
    </View>
  )
}
