export default definePageConfig({
  navigationBarTitleText: '管理端',
  enablePullDownRefresh: true
})
