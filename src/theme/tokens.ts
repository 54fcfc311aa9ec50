/**
 * The one theme of 友邻空间: every colour, radius and spacing the app uses is defined here.
 * `themeVars` is handed to NutUI's ConfigProvider (see components/page-shell), which writes each key as a CSS variable
 * (`nutuiColorPrimary` → `--nutui-color-primary`, `appColorBg` → `--app-color-bg`); our SCSS reads only those variables.
 * app.config.ts reads `palette` for the native tab bar and window colours, which CSS cannot reach.
 */
export const palette = {
  /** 暖红: white text on it passes WCAG AA (5.1:1). */
  primary: '#C63C22',
  primaryPressed: '#A8301A',
  primaryLight: '#FCE9E1',
  /** Text and icons on the primary colour. */
  onPrimary: '#FFFFFF',
  /** 暖金, for highlights next to the red. */
  accent: '#E39B2E',
  accentLight: '#FDF1DC',
  /** 暖金 as text on accentLight (5.3:1). */
  accentText: '#8A5A12',
  /** 米色 page background. */
  background: '#FBF6EE',
  surface: '#FFFFFF',
  text: '#3A2A24',
  textSecondary: '#6F5B50',
  textMuted: '#9C8A7E',
  border: '#EFE3D3',
  success: '#3E8E57',
  /** Success as text on successLight (5.2:1): 有空位, 已预约. */
  successText: '#2E7045',
  successLight: '#E6F2EA',
  danger: '#C62828'
} as const

export const themeVars: Record<string, string> = {
  nutuiColorPrimary: palette.primary,
  nutuiColorPrimaryStop1: '#D9582F',
  nutuiColorPrimaryStop2: palette.primary,
  nutuiColorPrimaryPressed: palette.primaryPressed,
  nutuiColorPrimaryLightPressed: palette.primaryLight,
  nutuiColorPrimaryDisabledSpecial: '#E9A895',
  nutuiColorPrimaryIcon: palette.primary,
  nutuiColorBackground: palette.background,
  nutuiColorBackgroundOverlay: palette.surface,
  nutuiColorTitle: palette.text,
  nutuiColorText: palette.textSecondary,
  nutuiColorTextHelp: palette.textMuted,
  nutuiColorBorder: palette.border,
  nutuiColorDanger: palette.danger,
  nutuiColorSuccess: palette.success,
  nutuiColorWarning: palette.accent,
  nutuiTabsTabLineColor: palette.primary,
  nutuiTabsTitlesItemActiveColor: palette.primary,
  nutuiCellTitleColor: palette.text,
  nutuiCellDescriptionColor: palette.textMuted,
  nutuiCellExtraColor: palette.textSecondary,
  appColorPrimary: palette.primary,
  appColorPrimaryPressed: palette.primaryPressed,
  appColorPrimaryLight: palette.primaryLight,
  appColorOnPrimary: palette.onPrimary,
  appColorAccent: palette.accent,
  appColorAccentLight: palette.accentLight,
  appColorAccentText: palette.accentText,
  appColorSuccess: palette.success,
  appColorSuccessText: palette.successText,
  appColorSuccessLight: palette.successLight,
  appColorBg: palette.background,
  appColorSurface: palette.surface,
  appColorText: palette.text,
  appColorTextSecondary: palette.textSecondary,
  appColorTextMuted: palette.textMuted,
  appColorBorder: palette.border,
  appColorDanger: palette.danger,
  appRadiusCard: '12px',
  appShadowCard: '0 2px 8px rgba(120, 60, 20, 0.08)'
}
