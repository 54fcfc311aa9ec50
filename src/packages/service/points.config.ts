export default definePageConfig({
  navigationBarTitleText: '服务点地图',
  enablePullDownRefresh: true
})
