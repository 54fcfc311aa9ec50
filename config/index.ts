import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

const root = path.resolve(__dirname, '..')
const platform = process.env.TARO_ENV ?? 'weapp'

const outputRoot = process.env.TARO_OUTPUT_ROOT ?? `dist/${platform}`

// The local cloud's address while developing the H5 build with `taro build --type h5 --watch` + its dev server.
const localCloud = `http://127.0.0.1:${process.env.PORT ?? '8787'}`

/**
 * Outside a terminal (a log file, CI, `npm start > log`) webpackbar's animated bar would write hundreds of redraw
 * lines; keep its plain reporter and the summary only.
 */
function quietProgressOutsideTerminal(chain: { plugins: { has(name: string): boolean }; plugin(name: string): { tap(f: (args: unknown[]) => unknown[]): void } }): void {
  if (process.stdout.isTTY || !chain.plugins.has('webpackbar')) return
  chain.plugin('webpackbar').tap(([options]) => {
    const { reporters = [], ...rest } = (options ?? {}) as { reporters?: unknown[] }
    return [{ ...rest, reporters: reporters.filter((r) => r !== 'fancy') }]
  })
}

// NutUI's theme file still uses Sass @import; the deprecation notice is about NutUI, not this project.
const sassLoaderOption = { sassOptions: { silenceDeprecations: ['legacy-js-api', 'import'] } }

export default defineConfig<'webpack5'>((merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'youlin-space',
    // NutUI is drawn for a 375px-wide design; our own styles for 750px (the WeChat convention).
    designWidth(input) {
      const file = typeof input === 'object' && input !== null ? input.file : undefined
      return typeof file === 'string' && file.replace(/\\/g, '/').includes('@nutui') ? 375 : 750
    },
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2
    },
    sourceRoot: 'src',
    // TARO_OUTPUT_ROOT lets the component tests build native components elsewhere without touching dist/weapp.
    outputRoot,
    // Browsers ask for /favicon.ico next to index.html (scripts/make-icons.ts draws it); a mini-program has no use for it.
    ...(platform === 'h5' ? { copy: { patterns: [{ from: 'src/assets/favicon.ico', to: `${outputRoot}/favicon.ico` }], options: {} } } : {}),
    plugins: ['@tarojs/plugin-html'],
    alias: {
      '@core': path.join(root, 'core'),
      '@': path.join(root, 'src')
    },
    defineConstants: {
      // Cloud environment id for Taro.cloud.init on weapp; empty means the account's default environment.
      CLOUD_ENV: JSON.stringify(process.env.CLOUD_ENV ?? '')
    },
    framework: 'react',
    compiler: {
      type: 'webpack5',
      prebundle: { exclude: ['@nutui/nutui-react-taro', '@nutui/icons-react-taro'] }
    },
    cache: { enable: false },
    mini: {
      // core/ (shared with the cloud functions) lives outside src/ and is TypeScript too.
      compile: { include: [path.join(root, 'core')] },
      // Per-component NutUI stylesheets are independent of each other, so their order across chunks does not matter.
      miniCssExtractPluginOption: { ignoreOrder: true },
      sassLoaderOption,
      webpackChain: quietProgressOutsideTerminal,
      // `limit: true` means "inline nothing": WeChat's share card needs a real file, not a data: URL.
      imageUrlLoaderOption: { limit: true },
      postcss: {
        pxtransform: { enable: true, config: {} }
      }
    },
    h5: {
      compile: { include: [path.join(root, 'core')] },
      sassLoaderOption,
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js'
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css'
      },
      // Taro splits only initial chunks on H5, so every lazily loaded page carried its own copy of NutUI and the
      // shared components; splitting async chunks too lets the pages share them.
      webpackChain(chain) {
        chain.optimization.merge({ splitChunks: { chunks: 'all' } })
        quietProgressOutsideTerminal(chain)
      },
      devServer: {
        host: '127.0.0.1',
        // Live reload; React Fast Refresh would need packages this project does not install (see babel.config.js).
        hot: false,
        proxy: [{ context: ['/functions', '/storage'], target: localCloud, changeOrigin: false }]
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        // NutUI's H5 stylesheet is written in CSS px for phone screens; only our own styles are rem-scaled.
        pxtransform: { enable: true, config: { selectorBlackList: ['nut-'] } }
      }
    }
  }

  return merge({}, baseConfig, process.env.NODE_ENV === 'development' ? devConfig : prodConfig)
})
