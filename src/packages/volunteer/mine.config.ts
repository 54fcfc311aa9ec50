export default definePageConfig({
  navigationBarTitleText: '我的志愿',
  enablePullDownRefresh: true
})
