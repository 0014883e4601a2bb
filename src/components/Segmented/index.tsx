import { View } from '@tarojs/components'

interface Props<T extends string> {
  label: string
  value: T
  options: readonly (readonly [T, string])[]
  onChange: (value: T) => void
}

/** A one-of-few choice shown as side-by-side options (a radio group for screen readers). */
export function Segmented<T extends string>({ label, value, options, onChange }: Props<T>) {
  return (
    <View className='segmented' role='radiogroup' aria-label={label}>
      {options.map(([key, text]) => (
        <View
          key={key}
          role='radio'
          aria-checked={key === value}
          aria-label={text}
          className={`segmented__item${key === value ? ' segmented__item--on' : ''}`}
          onClick={() => onChange(key)}
        >
          {text}
        </View>
      ))}
    </View>
  )
}
