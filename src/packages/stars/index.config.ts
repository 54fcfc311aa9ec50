export default definePageConfig({
  navigationBarTitleText: '骑士之星',
  enablePullDownRefresh: true
})
