export default definePageConfig({ navigationBarTitleText: '信息勘误' })
