export default definePageConfig({
  navigationBarTitleText: '课次与名单',
  enablePullDownRefresh: true
})
