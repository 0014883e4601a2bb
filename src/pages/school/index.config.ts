export default definePageConfig({ navigationBarTitleText: '采集批次' })
