export default definePageConfig({
  navigationBarTitleText: '随手拍处置',
  enablePullDownRefresh: true
})
