export default definePageConfig({ navigationBarTitleText: '我的学历' })
