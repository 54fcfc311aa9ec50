export default definePageConfig({
  navigationBarTitleText: '走访录入'
})
