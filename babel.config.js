// Taro's preset compiles app code; jest reuses it so tests see the same TypeScript/JSX semantics.
module.exports = {
  // hot: false — H5 dev builds live-reload instead of React Fast Refresh (whose packages are not installed).
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5', hot: false }]],
  plugins: [
    [
      'import',
      {
        libraryName: '@nutui/nutui-react-taro',
        libraryDirectory: 'dist/es/packages',
        style: 'css',
        camel2DashComponentName: false,
        // NutUI's package folders are lower-case (`Button` lives in packages/button).
        customName: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}`,
        customStyleName: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}/style/css`
      },
      'nutui-react-taro'
    ]
  ]
}
