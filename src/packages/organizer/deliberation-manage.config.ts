export default definePageConfig({
  navigationBarTitleText: '商圈议事管理',
  enablePullDownRefresh: true
})
