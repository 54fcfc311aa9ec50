export default definePageConfig({
  navigationBarTitleText: '兼职网格员',
  enablePullDownRefresh: true
})
