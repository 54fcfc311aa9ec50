export default definePageConfig({
  navigationBarTitleText: '生成课时'
})
