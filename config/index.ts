import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'

// One output folder per platform, so `build:weapp` and `build:h5` never overwrite each other.
const platform = process.env.TARO_ENV ?? 'h5'

export default defineConfig<'vite'>(async () => {
  const config: UserConfigExport<'vite'> = {
    projectName: 'gradphoto',
    date: '2026-11-21',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${platform}`,
    plugins: [],
    // Settings of the weapp build, from the environment at build time (empty in dev builds). Defined
    // explicitly: an undefined process.env.X would be left as is, and weapp has no `process`.
    defineConstants: {
      'process.env.TARO_APP_CLOUD_ENV': JSON.stringify(process.env.TARO_APP_CLOUD_ENV ?? ''),
      'process.env.TARO_APP_REVIEW_TEMPLATE_ID': JSON.stringify(process.env.TARO_APP_REVIEW_TEMPLATE_ID ?? ''),
    },
    alias: {
      '@contracts': path.resolve(__dirname, '..', 'cloudfunctions', 'contracts'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'vite',
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // Hash routing: the local cloud serves dist/h5 as plain static files, no history fallback needed.
      router: { mode: 'hash' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }
  return config
})
