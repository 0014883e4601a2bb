import { useCallback, useState } from 'react'
import { messageOf } from '../api'

/**
 * A user action in flight: `busy` while it runs (buttons show loading and refuse a second tap) and
 * the Chinese message of its failure. `run` resolves to false when the task threw.
 */
export function useAction() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = useCallback(async (task: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true)
    setError(null)
    try {
      await task()
      return true
    } catch (e) {
      setError(messageOf(e))
      return false
    } finally {
      setBusy(false)
    }
  }, [])
  return { busy, error, setError, run }
}
