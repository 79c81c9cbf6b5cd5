/**
 * Writing on an open request without moving it: the requester's side asks or adds something (the
 * reviewer is told), the center answers (the requester's side is emailed). One Idempotency-Key per
 * message written: sending again after a lost answer posts it once.
 */
import {
  Button,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, fieldErrors } from '../../api/client';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { problemDetail, type RequestDetailData } from './common';
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
  const [key, setKey] = useState(newIdempotencyKey);
  const [error, setError] = useState<string | null>(null);
  const center = me?.organisation?.kind === 'center';
  const send = useMutation({
    mutationFn: async () => {
      const { data, error: problem } = await api.POST('/api/requests/{id}/messages', {
        params: { path: { id: request.id }, header: { 'idempotency-key': key } },
        body: { text: text.trim() },
      });
      if (problem) throw problem;
      return data;
    },
    onSuccess: (detail) => {
      apply(detail);
      setText('');
      setKey(newIdempotencyKey());
      setError(null);
    },
    onError: (problem) =>
      setError(
        fieldErrors(problem)['/body/text'] ??
          (problem instanceof Error
            ? t('ui.request.actionFailed')
            : (problemDetail(problem) ?? t('ui.request.actionFailed'))),
      ),
  });
  return (
    <form
      className={s.form}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) setError(t('ui.request.message.required'));
        else send.mutate();
      }}
    >
      <Field
        label={t('ui.request.message.label')}
        hint={t(center ? 'ui.request.message.hintCenter' : 'ui.request.message.hintRequester')}
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
          {t('ui.request.message.send')}
        </Button>
      </div>
    </form>
  );
}
