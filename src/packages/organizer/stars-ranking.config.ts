export default definePageConfig({
  navigationBarTitleText: '骑士之星评选',
  enablePullDownRefresh: true
})
