import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Image, Text, View } from '@tarojs/components'
import { PHOTO_STATE_LABELS } from '../../../cloudfunctions/contracts'
import { PROGRESS_STATUS_EXTRA_LABELS, type ExportJobView } from '../../../cloudfunctions/contracts/school'
import { ApiError, call, uploadFile } from '../../api'
import { AsyncView } from '../../components/AsyncView'
import { ErrorText } from '../../components/ErrorText'
import { ImagePicker, type Picked } from '../../components/ImagePicker'
import { ProgressBar } from '../../components/ProgressBar'
import { useAction } from '../../hooks/useAction'
import { useAsync } from '../../hooks/useAsync'
import { savePhoto } from '../../platform/savePhoto'
import { KIND_LABELS } from './batchForm'
import './index.css'

const STATUS_LABELS: Record<string, string> = { ...PROGRESS_STATUS_EXTRA_LABELS, ...PHOTO_STATE_LABELS }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** One batch: its 特征码 and QR code to post, the roster import, progress per state, and the export. */
export default function Batch() {
  const batchId = useRouter().params.batchId ?? ''
  const state = useAsync(async () => {
    const [{ batches }, progress] = await Promise.all([call('school', 'listBatches', {}), call('school', 'progress', { batchId })])
    const batch = batches.find((b) => b.id === batchId)
    if (!batch) throw new ApiError('NOT_FOUND', '找不到该批次')
    return { batch, progress }
  }, [batchId])
  const action = useAction()
  const { busy, error } = action
  const [uploading, setUploading] = useState<number | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [job, setJob] = useState<ExportJobView | null>(null)

  const run = async (task: () => Promise<void>) => {
    setNotice(null)
    await action.run(task)
    setUploading(null)
  }

  const importRoster = (picked: Picked) =>
    run(async () => {
      setUploading(0)
      const fileId = await uploadFile(picked.source, setUploading)
      setUploading(null)
      const result = await call('school', 'importRoster', { batchId, fileId })
      setNotice(`已导入 ${result.imported} 人${result.errors.length ? `，${result.errors.length} 行有误：${result.errors.slice(0, 3).map((e) => `第${e.row}行 ${e.message}`).join('；')}` : ''}`)
      state.reload()
    })

  const exportBatch = () =>
    run(async () => {
      let current = (await call('school', 'export', { batchId })).job
      setJob(current)
      // A large batch is exported in the background: follow the job until it is done.
      while (current.state === 'running') {
        await sleep(1500)
        current = (await call('school', 'exportStatus', { jobId: current.id })).job
        setJob(current)
      }
      if (current.state === 'failed') throw new ApiError('INTERNAL', current.error ?? '导出失败，请重试')
      state.reload()
    })

  const download = (url: string) => run(() => savePhoto(url, `export-${batchId}.zip`))
  const saveQr = (url: string) => run(() => savePhoto(url, `batch-${batchId}-qr.png`).then(() => setNotice('二维码已保存')))

  return (
    <View className='page'>
      <AsyncView state={state}>
        {({ batch, progress }) => (
          <>
            <View className='card'>
              <Text className='card__title'>{batch.name}</Text>
              <View className='kv'><Text className='kv__key'>特征码</Text><Text className='kv__value school__code'>{batch.code}</Text></View>
              <View className='kv'><Text className='kv__key'>方式</Text><Text className='kv__value'>{KIND_LABELS[batch.kind]}</Text></View>
              <Image className='school__qr' src={batch.qrUrl} mode='aspectFit' aria-label='批次二维码' />
              <Text className='muted'>学生扫描此二维码即可自动填入特征码。可发布到班级群。</Text>
              <Button className='btn btn--ghost' disabled={busy} onClick={() => void saveQr(batch.qrUrl)}>
                保存二维码
              </Button>
            </View>

            <View className='card' aria-label='采集进度'>
              <Text className='card__title'>采集进度（共 {progress.total} 人）</Text>
              <View className='school__counts'>
                {Object.entries(progress.counts).map(([status, n]) => (
                  <View key={status} className='school__count'>
                    <Text className='school__count-n'>{n}</Text>
                    <Text className='muted'>{STATUS_LABELS[status] ?? status}</Text>
                  </View>
                ))}
              </View>
              {progress.groups.map((group) => (
                <View key={`${group.department}-${group.className}`} className='kv'>
                  <Text className='kv__key'>{group.department} {group.className}</Text>
                  <Text className='kv__value'>{group.total} 人</Text>
                </View>
              ))}
              {progress.missing.length > 0 && <Text className='muted'>尚未完成：{progress.missing.slice(0, 20).map((s) => s.nameMasked).join('、')}{progress.missing.length > 20 ? ' 等' : ''}</Text>}
            </View>

            <View className='card'>
              <Text className='card__title'>导入名单</Text>
              <Text className='muted'>CSV 或 Excel：采集码号或学号、姓名、身份证号、院系、专业、班级、层次、毕业时间。</Text>
              {uploading !== null && <ProgressBar ratio={uploading} label='上传名单' />}
              {process.env.TARO_ENV === 'h5' ? (
                <ImagePicker label='选择名单文件' ghost disabled={busy} accept='.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' onPicked={(p) => void importRoster(p)} />
              ) : (
                <Button
                  className='btn btn--ghost'
                  disabled={busy}
                  onClick={() =>
                    void Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['csv', 'xlsx'] }).then(
                      (r) => r.tempFiles[0] && importRoster({ source: r.tempFiles[0].path, previewUrl: '' }),
                      () => undefined,
                    )
                  }
                >
                  从聊天记录选择名单文件
                </Button>
              )}
            </View>

            <View className='card'>
              <Text className='card__title'>导出</Text>
              <Text className='muted'>导出已通过的标准照（ZIP），含名单（CSV、Excel）和冲印文字（PDF）。导出后照片标记为已完成。</Text>
              {job && job.state === 'running' && <ProgressBar ratio={job.total ? job.done / job.total : 0} label='正在导出' />}
              {job && job.state === 'done' && <Text>已导出 {job.total} 张照片{job.bytes ? `（${Math.round(job.bytes / 1024)} KB）` : ''}</Text>}
              <Button className='btn' loading={busy} disabled={busy} onClick={() => void exportBatch()}>
                导出照片
              </Button>
              {job?.url && (
                <Button className='btn btn--ghost' disabled={busy} onClick={() => void download(job.url ?? '')}>
                  下载导出文件
                </Button>
              )}
            </View>
            {notice && <Text className='muted' aria-live='polite'>{notice}</Text>}
            {error && <ErrorText>{error}</ErrorText>}
          </>
        )}
      </AsyncView>
    </View>
  )
}
