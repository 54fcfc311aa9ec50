export default definePageConfig({
  navigationBarTitleText: '友邻空间',
  enableShareAppMessage: true
})
