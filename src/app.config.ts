import { palette } from './theme/tokens'

export default defineAppConfig({
  pages: ['pages/home/index', 'pages/courses/index', 'pages/services/index', 'pages/me/index'],
  // Course detail, booking and 我的预约 are one subpackage (opened together); questionnaires (list, filling, thanks)
  // another; the organizer tools a third; the service pages (detail, 需求, 转介, map, figures) a fourth; 我的数据 a
  // fifth. They stay out of the main package, which WeChat caps at 2 MB.
  subPackages: [
    {
      root: 'packages/course',
      name: 'course',
      pages: ['detail', 'bookings']
    },
    {
      root: 'packages/survey',
      name: 'survey',
      pages: ['index', 'fill', 'thanks']
    },
    {
      root: 'packages/organizer',
      name: 'organizer',
      pages: [
        'index', 'course', 'course-edit', 'generate', 'session', 'checkin', 'survey', 'survey-builder', 'survey-results', 'survey-responses', 'survey-review', 'survey-visit', 'service-needs', 'service-match', 'service-board', 'service-dashboard',
        'grid-reports',
        'grid-applications',
        'stars-score', 'stars-ranking',
        'deliberation-manage',
        'party-manage',
      ]
    },
    {
      root: 'packages/service',
      name: 'service',
      pages: ['detail', 'need', 'my-needs', 'referrals', 'board', 'points']
    },
    {
      root: 'packages/me',
      name: 'me',
      pages: ['my-data']
    },
    {
      root: 'packages/centre',
      name: 'centre',
      pages: ['centres', 'detail']
    },
    { root: 'packages/grid', name: 'grid', pages: ['report', 'mine', 'join'] },
    {
      root: 'packages/volunteer',
      name: 'volunteer',
      pages: ['index', 'mine']
    },
    {
      root: 'packages/stars',
      name: 'stars',
      pages: ['index', 'mine']
    },
    {
      root: 'packages/deliberation',
      name: 'deliberation',
      pages: ['index', 'topic', 'raise']
    },
    { root: 'packages/party', name: 'party', pages: ['index'] },
  ],
  // The 课程 and 服务 tabs lead into their subpackages: fetch each in the background once its tab is shown.
  preloadRule: {
    'pages/courses/index': { network: 'all', packages: ['course'] },
    'pages/services/index': { network: 'all', packages: ['service'] },
    // 需求征集 on 首页 leads into the questionnaires.
    'pages/home/index': { network: 'all', packages: ['survey'] }
  },
  // Only read by `taro build native-components` (the component tests compile these as native custom components);
  // the normal build ignores the key and leaves it out of app.json.
  components: [
    'components/free-time-editor/native',
    'components/week-strip/native',
    'components/session-card/native',
    'components/remote-view/native',
    'components/form-picker/native',
    'components/sign-in-gate/native',
    'components/survey/native',
    'pages/services/service-card-native'
  ],
  window: {
    navigationBarTitleText: '友邻空间',
    navigationBarBackgroundColor: palette.primary,
    navigationBarTextStyle: 'white',
    backgroundColor: palette.background,
    backgroundTextStyle: 'dark'
  },
  tabBar: {
    color: palette.textMuted,
    selectedColor: palette.primary,
    backgroundColor: palette.surface,
    borderStyle: 'white',
    list: [
      { pagePath: 'pages/home/index', text: '首页', iconPath: 'assets/tabbar/home.png', selectedIconPath: 'assets/tabbar/home-active.png' },
      { pagePath: 'pages/courses/index', text: '课程', iconPath: 'assets/tabbar/courses.png', selectedIconPath: 'assets/tabbar/courses-active.png' },
      { pagePath: 'pages/services/index', text: '服务', iconPath: 'assets/tabbar/services.png', selectedIconPath: 'assets/tabbar/services-active.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tabbar/me.png', selectedIconPath: 'assets/tabbar/me-active.png' }
    ]
  },
  // 离我近 and the service points map ask for the location only on a tap; WeChat shows this reason when it asks.
  permission: {
    'scope.userLocation': { desc: '用于显示离你最近的服务和15分钟服务圈' }
  },
  // Personal data (avatar, nickname) is collected only after the user agrees to the privacy notice.
  __usePrivacyCheck__: true,
  // A questionnaire's location question lets the respondent pick the place on WeChat's map (components/survey); the
  // 服务 pages read the person's position (platform/locate).
  requiredPrivateInfos: ['chooseLocation', 'getLocation']
})
