/**
 * A centred confirmation: title, what will happen, and two buttons. Rendered only while open, so the button ids
 * (`#dialog-confirm`, `#dialog-cancel`) are unique on the page. Opened by a tap, so its buttons ignore the leftover
 * taps of a hurried double-tap while it appears (useArrivalGuard).
 */
import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { Button, Popup } from '@nutui/nutui-react-taro'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import './index.scss'

export interface ConfirmDialogProps {
  open: boolean
  title: string
  children: ReactNode
  confirmText: string
  cancelText?: string
  /** A destructive action (取消预约, 取消课次): the confirm button is drawn as a warning. */
  danger?: boolean
  busy?: boolean
  onConfirm: () => void
  onCancel: () => void
}

export default function ConfirmDialog({ open, title, children, confirmText, cancelText = '再想想', danger, busy, onConfirm, onCancel }: ConfirmDialogProps) {
  const guard = useArrivalGuard(open)
  if (!open) return null
  return (
    <Popup visible position='center' round closeOnOverlayClick={!busy} onOverlayClick={guard(() => true, false)} onClose={onCancel} className='confirm-dialog'>
      <View className='confirm-dialog__body' aria-role='dialog' aria-label={title}>
        <View className='confirm-dialog__title'>{title}</View>
        <View className='confirm-dialog__content'>{children}</View>
        <View className='confirm-dialog__actions'>
          <Button className='confirm-dialog__button' id='dialog-cancel' fill='outline' disabled={busy} onClick={guard(onCancel)}>
            {cancelText}
          </Button>
          <Button
            className={`confirm-dialog__button${danger ? ' confirm-dialog__button--danger' : ''}`}
            id='dialog-confirm'
            type={danger ? 'danger' : 'primary'}
            loading={busy}
            onClick={guard(onConfirm)}
          >
            {confirmText}
          </Button>
        </View>
      </View>
    </Popup>
  )
}
