import { useState } from 'react'
import { Button, Input, Picker, Text, View } from '@tarojs/components'
import { PROVINCES } from '../../../cloudfunctions/contracts'
import { call } from '../../api'
import { AsyncView } from '../../components/AsyncView'
import { ErrorText } from '../../components/ErrorText'
import { useAction } from '../../hooks/useAction'
import { useAsync } from '../../hooks/useAsync'

type Province = (typeof PROVINCES)[number]
const BLANK = { name: '', phone: '', province: '' as Province | '', city: '', district: '', detail: '' }

/** Where prints are mailed (walk-in students and 加洗): the list, adding one and deleting one. */
export default function Addresses() {
  const state = useAsync(async () => (await call('student', 'listAddresses', {})).addresses, [])
  const [form, setForm] = useState(BLANK)
  const { busy, error, setError, run } = useAction()
  const set = (key: keyof typeof BLANK, value: string) => setForm((f) => ({ ...f, [key]: value }))

  const save = () => {
    if (!form.province) return setError('请选择省份')
    const province = form.province
    return run(async () => {
      await call('student', 'saveAddress', { ...form, province, isDefault: state.status === 'ready' && state.data.length === 0 })
      setForm(BLANK)
      state.reload()
    })
  }
  const remove = (addressId: string) =>
    run(async () => {
      await call('student', 'deleteAddress', { addressId })
      state.reload()
    })
  const text = (key: Exclude<keyof typeof BLANK, 'province'>, label: string, placeholder: string) => (
    <View className='field'>
      <Text className='field__label'>{label}</Text>
      <Input className='field__input' aria-label={label} placeholder={placeholder} value={form[key]} onInput={(e) => set(key, e.detail.value)} />
    </View>
  )

  return (
    <View className='page'>
      <Text className='page__title'>收件地址</Text>
      <AsyncView state={state} isEmpty={(list) => list.length === 0} empty={<Text className='muted'>还没有收件地址</Text>}>
        {(list) =>
          list.map((a) => (
            <View key={a.id} className='card' aria-label={`地址 ${a.name}`}>
              <View className='row'>
                <Text className='card__title'>
                  {a.name} {a.phone}
                </Text>
                {a.isDefault && <Text className='tag tag--info'>默认</Text>}
              </View>
              <Text>
                {a.province}
                {a.city}
                {a.district}
                {a.detail}
              </Text>
              <Button className='btn btn--danger btn--small' disabled={busy} onClick={() => void remove(a.id)}>
                删除
              </Button>
            </View>
          ))
        }
      </AsyncView>
      <View className='card' aria-label='新增地址'>
        <Text className='card__title'>新增地址</Text>
        {text('name', '收件人', '姓名')}
        {text('phone', '手机号', '11位手机号')}
        <View className='field'>
          <Text className='field__label'>省份</Text>
          <Picker mode='selector' range={[...PROVINCES]} onChange={(e) => set('province', PROVINCES[Number(e.detail.value)] ?? '')}>
            <View className='field__input' aria-label='省份'>
              {form.province || '请选择'}
            </View>
          </Picker>
        </View>
        {text('city', '城市', '如 长沙市')}
        {text('district', '区县', '如 天心区')}
        {text('detail', '详细地址', '街道、门牌号')}
        {error && <ErrorText>{error}</ErrorText>}
        <Button className='btn' loading={busy} disabled={busy} onClick={() => void save()}>
          保存地址
        </Button>
      </View>
    </View>
  )
}
