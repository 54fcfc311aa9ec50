export default definePageConfig({
  navigationBarTitleText: '商圈议事',
  enablePullDownRefresh: true,
  enableShareAppMessage: true
})
