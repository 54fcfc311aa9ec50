export default definePageConfig({
  navigationBarTitleText: '清单审核',
  enablePullDownRefresh: true
})
