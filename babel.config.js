// Taro's preset compiles app code; jest reuses it so tests see the same TypeScript/JSX semantics.
module.exports = {
  // hot: false — H5 dev builds live-reload instead of React Fast Refresh (whose packages are not installed).
  presets: [
    [
      'taro',
      {
        framework: 'react',
        ts: true,
        compiler: 'webpack5',
        hot: false,
        // H5 pages load lazily through the router's import(); the preset would turn those into eager requires.
        'dynamic-import-node': process.env.TARO_ENV !== 'h5'
      }
    ]
  ],
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
