// Taro's preset compiles app code; jest reuses it so tests see the same TypeScript/JSX semantics.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
  plugins: [
    [
      'import',
      { libraryName: '@nutui/nutui-react-taro', libraryDirectory: 'dist/es/packages', style: 'css', camel2DashComponentName: false },
      'nutui-react-taro'
    ]
  ]
}
