export default definePageConfig({
  navigationBarTitleText: '需求清单',
  enablePullDownRefresh: true
})
