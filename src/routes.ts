/** Every screen's path, so a link is typed and a renamed page breaks the build instead of a tap. */
const query = (params: Record<string, string | undefined>) => {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

export const routes = {
  home: () => '/pages/index/index',
  login: () => '/pages/login/index',
  enroll: (batch?: string) => `/pages/enroll/index${query({ batch })}`,
  rules: (enrollmentId: string) => `/pages/rules/index${query({ enrollmentId })}`,
  capture: (enrollmentId: string) => `/pages/capture/index${query({ enrollmentId })}`,
  enrollment: (id: string) => `/pages/enrollment/index${query({ id })}`,
  me: () => '/pages/me/index',
  notifications: () => '/pages/notifications/index',
  addresses: () => '/pages/addresses/index',
  errata: (enrollmentId?: string) => `/pages/errata/index${query({ enrollmentId })}`,
  reprint: (enrollmentId: string) => `/pages/reprint/index${query({ enrollmentId })}`,
  reviewQueue: () => '/pages/review/index',
  reviewDetail: (photoId: string) => `/pages/review/detail${query({ photoId })}`,
  school: () => '/pages/school/index',
  batch: (batchId: string) => `/pages/school/batch${query({ batchId })}`,
} as const

/** The pages registered in app.config, in the order of `routes`. */
export const tabRoutes = { home: routes.home(), review: routes.reviewQueue(), school: routes.school(), me: routes.me() }
