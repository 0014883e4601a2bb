import { Button } from '@tarojs/components'

/**
 * 「重新制作」 under the standard photo: the background replacement again with another cut-out, for a
 * passing photo not yet submitted. It takes seconds, so the button says so while it runs.
 */
export function RemakeButton({ busy, onRemake }: { busy: boolean; onRemake: () => void }) {
  return (
    <Button
      className='btn btn--small btn--ghost enrollment__remake'
      loading={busy}
      disabled={busy}
      aria-label={busy ? '正在重新制作标准照' : '重新制作标准照：换一种抠图方式，不占用免费检测次数'}
      onClick={onRemake}
    >
      {busy ? '正在重新制作…' : '重新制作'}
    </Button>
  )
}
