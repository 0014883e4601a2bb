export default definePageConfig({ navigationBarTitleText: '加洗照片' })
