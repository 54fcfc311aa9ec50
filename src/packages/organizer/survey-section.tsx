/**
 * 问卷 on the 管理端 home: the questionnaires of the centres the organizer runs (an admin: every centre's), each with
 * its state, version and responses, leading to its own page; 新建问卷 and 清单审核 (the draft 需求/资源 entries the
 * answers produced). The list comes with the centres the caller manages, which is where a new questionnaire can go.
 */
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ManagedSurvey, ManagedVenue } from '@core/api/survey'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import RemoteView from '@/components/remote-view'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { availabilityTag, openSurveyPage, surveyFacts } from './survey-present'

export default function SurveySection() {
  const remote = useRemote('organizer-surveys', () => call('survey', 'listManaged', {}))
  useRefreshing(remote)
  const guard = useArrivalGuard()
  return (
    <View id='organizer-surveys'>
      <View className='organizer__section'>问卷</View>
      <RemoteView remote={remote} rows={3}>
        {({ items, venues }) => (
          <>
            <View className='organizer__actions organizer__actions--below'>
              <Button className='org-tap' type='primary' id='survey-new' onClick={guard(() => openSurveyPage('survey-edit'))}>
                新建问卷
              </Button>
              <Button className='org-tap' id='survey-review-open' disabled={venues.length === 0} onClick={guard(() => openSurveyPage('survey-review'))}>
                需求/资源清单审核
              </Button>
            </View>
            {items.length === 0 ? (
              <View className='card card__text'>还没有问卷。点「新建问卷」，收集大家的需求和能提供的资源。</View>
            ) : (
              items.map((survey) => <SurveyRow key={survey._id} survey={survey} venues={venues} onOpen={guard(() => openSurveyPage('survey', { surveyId: survey._id }))} />)
            )}
          </>
        )}
      </RemoteView>
    </View>
  )
}

function SurveyRow({ survey, venues, onOpen }: { survey: ManagedSurvey; venues: ManagedVenue[]; onOpen: () => void }) {
  const tag = availabilityTag(survey.availability)
  // Which centre a questionnaire is for matters only to someone who runs more than one.
  const venue = venues.length > 1 ? venues.find((v) => v._id === survey.venueId)?.name : undefined
  return (
    <View
      className={`org-row organizer-survey${survey.status === 'closed' ? ' org-row--dim' : ''}`}
      id={`survey-row-${survey._id}`}
      data-title={survey.title}
      hoverClass='org-row--pressed'
      aria-role='link'
      onClick={onOpen}
    >
      <View className='org-row__main'>
        <Text className='org-row__title'>{survey.title}</Text>
        <Text className='org-row__sub'>{[surveyFacts(survey), venue].filter(Boolean).join(' · ')}</Text>
      </View>
      <Text className={`org-row__tag${tag.muted ? ' org-row__tag--muted' : ''}`}>{tag.text}</Text>
    </View>
  )
}
