export default definePageConfig({
  navigationBarTitleText: '统计结果',
  enablePullDownRefresh: true
})
