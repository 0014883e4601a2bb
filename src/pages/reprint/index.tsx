import { useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { call } from '../../api'
import { AsyncView } from '../../components/AsyncView'
import { ErrorText } from '../../components/ErrorText'
import { Segmented } from '../../components/Segmented'
import { useAction } from '../../hooks/useAction'
import { useAsync } from '../../hooks/useAsync'
import { yuan } from '../../labels'
import { pay } from '../../platform/payment'
import { routes } from '../../routes'

const COPIES: ['1' | '2' | '3' | '5', string][] = [
  ['1', '1 份'],
  ['2', '2 份'],
  ['3', '3 份'],
  ['5', '5 份'],
]

/** 加洗: extra sets of prints of the finished photo, paid, mailed to an address. */
export default function Reprint() {
  const enrollmentId = useRouter().params.enrollmentId ?? ''
  const state = useAsync(async () => (await call('student', 'listAddresses', {})).addresses, [])
  useDidShow(() => state.status === 'ready' && state.reload())
  const [copies, setCopies] = useState<(typeof COPIES)[number][0]>('1')
  const [addressId, setAddressId] = useState<string | null>(null)
  const [paid, setPaid] = useState<number | null>(null)
  const { busy, error, run } = useAction()

  const order = (chosen: string) =>
    run(async () => {
      const { order: created, payment } = await call('student', 'createOrder', { enrollmentId, kind: 'reprint', copies: Number(copies), addressId: chosen })
      await pay(created.id, payment)
      setPaid(created.amountFen)
    })

  if (paid !== null) {
    return (
      <View className='page'>
        <Text className='page__title'>加洗已支付</Text>
        <Text>已支付 {yuan(paid)}，照片冲印后邮寄到你的地址。</Text>
        <Button className='btn btn--ghost' onClick={() => void Taro.navigateBack()}>
          返回
        </Button>
      </View>
    )
  }
  return (
    <View className='page'>
      <Text className='page__title'>加洗照片</Text>
      <Segmented label='份数' value={copies} options={COPIES} onChange={setCopies} />
      <Text className='card__title'>收件地址</Text>
      <AsyncView state={state}>
        {(addresses) => {
          const chosen = addressId ?? addresses.find((a) => a.isDefault)?.id ?? addresses[0]?.id ?? null
          return (
            <>
              {addresses.map((a) => (
                <View
                  key={a.id}
                  role='radio'
                  aria-checked={a.id === chosen}
                  aria-label={`地址 ${a.name}`}
                  className={`card segmented__item${a.id === chosen ? ' segmented__item--on' : ''}`}
                  onClick={() => setAddressId(a.id)}
                >
                  <Text>
                    {a.name} {a.phone} {a.province}
                    {a.city}
                    {a.district}
                    {a.detail}
                  </Text>
                </View>
              ))}
              <Button className='btn btn--ghost' onClick={() => void Taro.navigateTo({ url: routes.addresses() })}>
                {addresses.length ? '管理收件地址' : '添加收件地址'}
              </Button>
              {error && <ErrorText>{error}</ErrorText>}
              <Button className='btn' loading={busy} disabled={busy || !chosen} onClick={() => chosen && void order(chosen)}>
                下单并支付
              </Button>
            </>
          )
        }}
      </AsyncView>
    </View>
  )
}
