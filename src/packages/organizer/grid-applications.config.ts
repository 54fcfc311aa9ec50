export default definePageConfig({
  navigationBarTitleText: '网格员审核',
  enablePullDownRefresh: true
})
