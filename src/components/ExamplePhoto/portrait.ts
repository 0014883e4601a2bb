import Taro from '@tarojs/taro'

/** How an example portrait differs from the correct one. */
export interface PortraitFault {
  tiltDeg?: number
  /** Head size relative to the standard (1 = face 240 px wide in 480). */
  scale?: number
  background?: 'blue' | 'cluttered' | 'white'
  clothes?: string
  teeth?: boolean
  shadow?: boolean
}

/**
 * An illustrated 3:4 portrait (SVG, as a data URL both platforms' Image can show), drawn at the
 * standard's geometry: eye line at 250 of 640, face 240 of 480 wide.
 */
export function portraitDataUrl(fault: PortraitFault = {}): string {
  const { tiltDeg = 0, scale = 1, background = 'blue', clothes = '#2f3640', teeth = false, shadow = false } = fault
  const bg =
    background === 'cluttered'
      ? '<rect width="480" height="640" fill="#c9b79c"/><rect x="20" y="60" width="120" height="300" fill="#7a5c3e"/><rect x="330" y="120" width="130" height="180" fill="#5d7a8c"/><circle cx="400" cy="420" r="50" fill="#3f6f3f"/>'
      : `<rect width="480" height="640" fill="${background === 'white' ? '#ffffff' : 'rgb(100,197,255)'}"/>`
  const mouth = teeth
    ? '<rect x="205" y="335" width="70" height="22" rx="10" fill="#fff" stroke="#8a3b3b" stroke-width="4"/>'
    : '<path d="M210 340 Q240 352 270 340" stroke="#8a3b3b" stroke-width="5" fill="none"/>'
  const shade = shadow ? '<path d="M240 130 A120 160 0 0 1 240 450 Z" fill="rgba(0,0,0,0.35)"/>' : ''
  const person = [
    `<path d="M60 640 Q70 470 240 450 Q410 470 420 640 Z" fill="${clothes}"/>`,
    '<rect x="205" y="400" width="70" height="70" fill="#e8b796"/>',
    '<ellipse cx="240" cy="290" rx="120" ry="160" fill="#f1c6a5"/>',
    '<path d="M118 270 Q110 110 240 100 Q370 110 362 270 Q340 170 240 165 Q140 170 118 270 Z" fill="#2b2222"/>',
    '<ellipse cx="195" cy="250" rx="14" ry="9" fill="#2b2222"/><ellipse cx="285" cy="250" rx="14" ry="9" fill="#2b2222"/>',
    mouth,
    shade,
  ].join('')
  const transform = `rotate(${tiltDeg} 240 290) translate(240 250) scale(${scale}) translate(-240 -250)`
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 480 640" width="480" height="640">${bg}<g transform="${transform}">${person}</g></svg>`
  return `data:image/svg+xml;base64,${base64(svg)}`
}

/** Base64 of ASCII text: the browser's btoa on h5, the platform's encoder on weapp (no btoa there). */
function base64(ascii: string): string {
  if (process.env.TARO_ENV === 'h5') return btoa(ascii)
  const bytes = new Uint8Array(ascii.length)
  for (let i = 0; i < ascii.length; i++) bytes[i] = ascii.charCodeAt(i)
  return Taro.arrayBufferToBase64(bytes.buffer)
}
