export default definePageConfig({
  navigationBarTitleText: '服务中心',
  enablePullDownRefresh: true,
  enableShareAppMessage: true
})
