export default definePageConfig({
  navigationBarTitleText: '转介待办',
  enablePullDownRefresh: true
})
