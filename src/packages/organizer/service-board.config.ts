export default definePageConfig({
  navigationBarTitleText: '服务设计',
  enablePullDownRefresh: true
})
