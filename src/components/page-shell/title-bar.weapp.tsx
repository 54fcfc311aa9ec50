/** WeChat draws the navigation bar (title, back arrow, home button) natively: nothing to add. */
export default function TitleBar() {
  return null
}
