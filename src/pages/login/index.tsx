import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import { call } from '../../api'
import { devEndpoints } from '../../api/local'
import { saveSession, sessionSchema } from '../../api/session'
import { homeOf, refreshAccount } from '../../session'
import { ApiError } from '../../api/errors'
import { ErrorText } from '../../components/ErrorText'
import { useAction } from '../../hooks/useAction'
import { Segmented } from '../../components/Segmented'

type DevRole = 'student' | 'reviewer' | 'school'
const ROLE_OPTIONS: [DevRole, string][] = [
  ['student', '学生'],
  ['reviewer', '审核员'],
  ['school', '学校管理员'],
]

/** h5 only: the local cloud's dev login stands in for WeChat's. */
function DevLogin() {
  const [role, setRole] = useState<DevRole>('student')
  const [openid, setOpenid] = useState('')
  const [schoolId, setSchoolId] = useState('')
  const { busy, error, run } = useAction()
  const scoped = role !== 'student'

  const login = () =>
    run(async () => {
      const data = await devEndpoints.login({
        role,
        ...(openid.trim() ? { openid: openid.trim() } : {}),
        ...(scoped && schoolId.trim() ? { schoolId: schoolId.trim() } : {}),
      })
      const session = sessionSchema.safeParse(data)
      if (!session.success) throw new ApiError('INTERNAL', '登录返回的数据格式不正确')
      saveSession(session.data)
      // The roles and school come from `student.me`, as on weapp and on every later start.
      await Taro.reLaunch({ url: homeOf(await refreshAccount()) })
    })

  return (
    <View className='card'>
      <Text className='card__title'>本地开发登录</Text>
      <Text className='muted'>本地云环境使用开发登录代替微信登录。</Text>
      <View className='field'>
        <Text className='field__label'>身份</Text>
        <Segmented label='身份' value={role} options={ROLE_OPTIONS} onChange={setRole} />
      </View>
      <View className='field'>
        <Text className='field__label'>用户标识 openid（可选）</Text>
        <Input className='field__input' aria-label='用户标识' value={openid} placeholder='不填则新建用户' onInput={(e) => setOpenid(e.detail.value)} />
      </View>
      {scoped && (
        <View className='field'>
          <Text className='field__label'>学校 ID</Text>
          <Input className='field__input' aria-label='学校ID' value={schoolId} placeholder='审核员、学校管理员所属学校' onInput={(e) => setSchoolId(e.detail.value)} />
        </View>
      )}
      {error && <ErrorText>{error}</ErrorText>}
      <Button className='btn' loading={busy} disabled={busy} onClick={() => void login()}>
        登录
      </Button>
    </View>
  )
}

/**
 * weapp: there is no login call — the platform identifies the user (OPENID) on every cloud call. The
 * 「手机号快捷登录」 button hands over a one-time code the backend exchanges for the number
 * (`student.bindPhone`); then `student.me` says who the user is and which tabs they get.
 */
function WechatLogin() {
  const { busy, error, setError, run } = useAction()
  const bindPhone = (code: string | undefined, errMsg: string) => {
    if (!errMsg.endsWith(':ok') || !code) {
      setError('需要授权手机号才能继续')
      return
    }
    void run(async () => {
      await call('student', 'bindPhone', { code })
      await Taro.reLaunch({ url: homeOf(await refreshAccount()) })
    })
  }
  return (
    <View className='card'>
      <Text className='card__title'>微信登录</Text>
      <Text className='muted'>使用微信绑定的手机号登录，用于接收审核结果和寄送照片。</Text>
      {error && <ErrorText>{error}</ErrorText>}
      <Button
        className='btn'
        openType='getPhoneNumber'
        loading={busy}
        disabled={busy}
        onGetPhoneNumber={(e) => bindPhone(e.detail.code, e.detail.errMsg)}
      >
        手机号快捷登录
      </Button>
    </View>
  )
}

export default function Login() {
  return (
    <View className='page'>
      <View>
        <Text className='page__title'>毕业生图像采集</Text>
      </View>
      <Text className='page__lead'>学历证书电子注册图像采集：添加学历、拍摄或上传照片、自动检测并生成标准照、提交审核。</Text>
      {process.env.TARO_ENV === 'h5' ? <DevLogin /> : <WechatLogin />}
    </View>
  )
}
