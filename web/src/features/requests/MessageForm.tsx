/**
 * Writing on an open request without moving it: the requester's side asks or adds something (the
 * reviewer is told), the center answers (the requester's side is emailed). A saved reply from the
 * programme (the writer's side's) can stand alone or open the message: each reader receives it in their
 * own language. One Idempotency-Key per message written: sending again after a lost answer posts it once.
 */
import {
  Button,
  Checkbox,
  Dropdown,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, fieldErrors } from '../../api/client';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { MultiSelect, usePeople } from '../people/common';
import { problemDetail, type RequestDetailData, useReasons } from './common';
import { newIdempotencyKey } from './draft';
import { useApplyDetail } from './RequestActions';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '720px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

export function MessageForm({ request }: { request: RequestDetailData }) {
  const s = useStyles();
  const t = useT();
  const { me } = useSession();
  const apply = useApplyDetail(request.id);
  const [text, setText] = useState('');
  const [replyId, setReplyId] = useState('');
  // center staff: an internal note instead of a message (no saved reply: those are for the requester)
  const [internal, setInternal] = useState(false);
  // colleagues told of an internal note (the claimer is told anyway)
  const [tell, setTell] = useState<string[]>([]);
  const [key, setKey] = useState(newIdempotencyKey);
  const [error, setError] = useState<string | null>(null);
  const center = me?.organisation?.kind === 'center';
  const colleagues = (usePeople(center).data ?? []).filter((p) => p.userId !== me?.user.id);
  const side = center ? 'center' : 'requester';
  const replies = (useReasons(true).data?.message ?? []).filter((r) => r.from === side);
  const reply = replies.find((r) => r.id === replyId);
  const send = useMutation({
    mutationFn: async () => {
      const { data, error: problem } = await api.POST('/api/requests/{id}/messages', {
        params: { path: { id: request.id }, header: { 'idempotency-key': key } },
        body: {
          ...(text.trim() ? { text: text.trim() } : {}),
          ...(replyId && !internal ? { reasonId: replyId } : {}),
          ...(internal ? { internal: true, ...(tell.length ? { notify: tell } : {}) } : {}),
        },
      });
      if (problem) throw problem;
      return data;
    },
    onSuccess: (detail) => {
      apply(detail);
      setText('');
      setReplyId('');
      setInternal(false);
      setTell([]);
      setKey(newIdempotencyKey());
      setError(null);
    },
    onError: (problem) => {
      const fields = fieldErrors(problem);
      setError(
        fields['/body/text'] ??
          fields['/body/reasonId'] ??
          (problem instanceof Error
            ? t('ui.request.actionFailed')
            : (problemDetail(problem) ?? t('ui.request.actionFailed'))),
      );
    },
  });
  return (
    <form
      className={s.form}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim() && (!replyId || internal)) setError(t('ui.request.message.required'));
        else send.mutate();
      }}
    >
      {center && (
        <Checkbox
          checked={internal}
          onChange={(_, d) => setInternal(d.checked === true)}
          label={t('ui.request.message.internal')}
        />
      )}
      {internal && colleagues.length > 0 && (
        <MultiSelect
          label={t('ui.request.message.tell')}
          placeholder={t('ui.request.message.tellNobody')}
          choices={colleagues.map((p) => ({ value: p.userId, text: p.name }))}
          selected={tell}
          onChange={setTell}
        />
      )}
      {replies.length > 0 && !internal && (
        <Field label={t('ui.request.message.savedReply')} hint={t('ui.request.message.savedReplyHint')}>
          <Dropdown
            value={reply?.text ?? t('ui.request.message.savedReplyNone')}
            selectedOptions={[replyId]}
            onOptionSelect={(_, d) => {
              setReplyId(d.optionValue ?? '');
              if (error) setError(null);
            }}
          >
            <Option value="" text={t('ui.request.message.savedReplyNone')}>
              {t('ui.request.message.savedReplyNone')}
            </Option>
            {replies.map((r) => (
              <Option key={r.id} value={r.id} text={r.text}>
                {r.text}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
      <Field
        label={t(reply && !internal ? 'ui.request.message.addLine' : 'ui.request.message.label')}
        hint={t(
          internal
            ? 'ui.request.message.hintInternal'
            : center
              ? 'ui.request.message.hintCenter'
              : 'ui.request.message.hintRequester',
        )}
        validationState={error ? 'error' : 'none'}
        validationMessage={error ?? undefined}
      >
        <Textarea
          value={text}
          maxLength={4000}
          resize="vertical"
          onChange={(_, d) => {
            setText(d.value);
            if (error) setError(null);
          }}
        />
      </Field>
      {send.isError && !error && (
        <MessageBar intent="error">
          <MessageBarBody>{t('ui.request.actionFailed')}</MessageBarBody>
        </MessageBar>
      )}
      <div className={s.actions}>
        <Button type="submit" appearance="primary" disabled={send.isPending}>
          {t(internal ? 'ui.request.message.addNote' : 'ui.request.message.send')}
        </Button>
      </div>
    </form>
  );
}
