export default definePageConfig({
  navigationBarTitleText: '答卷',
  enablePullDownRefresh: true
})
