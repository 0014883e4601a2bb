export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/login/index',
    'pages/enroll/index',
    'pages/rules/index',
    'pages/capture/index',
    'pages/enrollment/index',
    'pages/me/index',
    'pages/notifications/index',
    'pages/review/index',
    'pages/review/detail',
    'pages/school/index',
    'pages/school/batch',
  ],
  window: {
    navigationBarTitleText: '毕业生图像采集',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f4f6f9',
  },
})
