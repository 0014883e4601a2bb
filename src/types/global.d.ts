/// <reference types="@tarojs/taro" />

declare module '*.css'

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production'
    /** The platform being built; Taro replaces it at build time, so the other branch is dropped. */
    TARO_ENV: 'weapp' | 'h5'
    /** The subscribe-message template for review results (weapp); from .env files, unset in dev. */
    TARO_APP_REVIEW_TEMPLATE_ID?: string
    /** The CloudBase environment id (weapp). */
    TARO_APP_CLOUD_ENV?: string
  }
}
