export default definePageConfig({
  navigationBarTitleText: '企业评分',
  enablePullDownRefresh: true
})
