import { Text, View } from '@tarojs/components'
import { GUIDE, STANDARD, percent } from '../../standard'
import './index.css'

/** Measured positions in standard-photo pixels (the engine's `output` summary). */
export interface Measured {
  eyeLineY: number
  headTopY: number
  faceWidthPx: number
  centerX: number
}

/**
 * The guide drawn over the camera and over photos under review: the head outline, the eye line and
 * the band where the top of the head must fall, at the standard's positions. With `measured`, the
 * engine's measured lines are drawn too, so a reviewer sees how far the photo is from the target.
 */
export function PhotoGuide({ measured, labels = true }: { measured?: Measured; labels?: boolean }) {
  // The outline spans the face width plus hair, from the target head top down past the chin.
  const outlineWidth = GUIDE.faceWidth * 1.1
  const outlineTop = 80 / STANDARD.height
  return (
    <View className='guide' aria-hidden>
      <View
        className='guide__band'
        style={{ top: percent(GUIDE.headTopMin), height: percent(GUIDE.headTopMax - GUIDE.headTopMin) }}
      >
        {labels && <Text className='guide__label'>头顶在此区域</Text>}
      </View>
      <View
        className='guide__outline'
        style={{ left: percent(GUIDE.centerX - outlineWidth / 2), width: percent(outlineWidth), top: percent(outlineTop), height: percent(0.55) }}
      />
      <View className='guide__eye' style={{ top: percent(GUIDE.eyeLine) }}>
        {labels && <Text className='guide__label'>眼睛对齐此线</Text>}
      </View>
      <View className='guide__center' style={{ left: percent(GUIDE.centerX) }} />
      {measured && (
        <>
          <View className='guide__measured guide__measured--h' style={{ top: percent(measured.eyeLineY / STANDARD.height) }} />
          <View className='guide__measured guide__measured--h' style={{ top: percent(measured.headTopY / STANDARD.height) }} />
          <View
            className='guide__measured guide__measured--face'
            style={{
              left: percent((measured.centerX - measured.faceWidthPx / 2) / STANDARD.width),
              width: percent(measured.faceWidthPx / STANDARD.width),
              top: percent(measured.eyeLineY / STANDARD.height),
            }}
          />
        </>
      )}
    </View>
  )
}
