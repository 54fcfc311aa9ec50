export default definePageConfig({
  navigationBarTitleText: '需求匹配'
})
