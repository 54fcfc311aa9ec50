export default definePageConfig({
  navigationBarTitleText: '中心数据',
  enablePullDownRefresh: true,
  enableShareAppMessage: true
})
