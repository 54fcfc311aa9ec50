export default definePageConfig({
  navigationBarTitleText: '我的先锋指数',
  enablePullDownRefresh: true
})
