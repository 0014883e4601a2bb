export default definePageConfig({ navigationBarTitleText: '采集进度' })
