import { palette } from '../../theme/tokens'

export default definePageConfig({
  navigationBarTitleText: '签到码',
  // Shown at the door, read from a distance: a plain light bar keeps attention on the code.
  navigationBarBackgroundColor: palette.surface,
  navigationBarTextStyle: 'black'
})
