export default definePageConfig({
  navigationBarTitleText: '服务数据',
  enablePullDownRefresh: true
})
