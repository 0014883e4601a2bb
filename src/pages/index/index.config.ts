export default definePageConfig({ navigationBarTitleText: '毕业生图像采集' })
