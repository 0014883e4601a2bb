export default defineAppConfig({
  pages: ['pages/index/index'],
  window: { navigationBarTitleText: '毕业生图像采集', navigationBarBackgroundColor: '#ffffff', navigationBarTextStyle: 'black' },
})
