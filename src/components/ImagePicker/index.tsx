import Taro from '@tarojs/taro'
import { Button, View } from '@tarojs/components'
import type { UploadSource } from '../../api'
import './index.css'

export interface Picked {
  source: UploadSource
  /** Something an Image can show before the upload finishes. */
  previewUrl: string
}

interface Props {
  label: string
  /** Open the camera (rear) instead of the album. */
  camera?: boolean
  ghost?: boolean
  disabled?: boolean
  /** h5: the file types offered (images by default; a roster import offers spreadsheets). */
  accept?: string
  onPicked: (picked: Picked) => void
}

/**
 * Picks one image. weapp: the platform's album or camera; h5: a file input (with `capture` to open the
 * phone's rear camera), whose File is uploaded as is.
 */
export function ImagePicker({ label, camera = false, ghost = false, disabled = false, accept = 'image/jpeg,image/png,image/webp', onPicked }: Props) {
  const className = `btn${ghost ? ' btn--ghost' : ''}`
  if (process.env.TARO_ENV === 'h5') {
    return (
      <View className={`picker ${className}${disabled ? ' picker--disabled' : ''}`}>
        {label}
        <input
          className='picker__input'
          type='file'
          accept={accept}
          aria-label={label}
          disabled={disabled}
          {...(camera ? { capture: 'environment' as const } : {})}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0]
            event.currentTarget.value = ''
            if (file) onPicked({ source: file, previewUrl: URL.createObjectURL(file) })
          }}
        />
      </View>
    )
  }
  const pick = async () => {
    try {
      const result = await Taro.chooseMedia({
        count: 1,
        mediaType: ['image'],
        sourceType: [camera ? 'camera' : 'album'],
        sizeType: ['original'],
        camera: 'back',
      })
      const path = result.tempFiles[0]?.tempFilePath
      if (path) onPicked({ source: path, previewUrl: path })
    } catch {
      // The user closed the picker: nothing to do.
    }
  }
  return (
    <Button className={className} disabled={disabled} onClick={() => void pick()}>
      {label}
    </Button>
  )
}
