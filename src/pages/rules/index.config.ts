export default definePageConfig({ navigationBarTitleText: '拍照要求' })
