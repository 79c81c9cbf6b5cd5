/** Center staff add guidance (a note and an optional https link) to a customer's task. */
import { Button, Field, Input, Textarea } from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, fieldErrors } from '../../api/client';
import { useT } from '../../i18n';
import { engagementKey } from './data';
import type { Task } from './types';
import { ProblemBar, useStyles } from './ui';

export function GuidanceForm({
  engagementId,
  task,
  onDone,
}: {
  engagementId: string;
  task: Task;
  onDone: () => void;
}) {
  const s = useStyles();
  const t = useT();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [link, setLink] = useState('');
  const add = useMutation({
    mutationFn: async () => {
      const { error } = await api.POST('/api/engagements/{id}/tasks/{taskId}/guidance', {
        params: { path: { id: engagementId, taskId: task.id } },
        body: { text: text.trim(), ...(link.trim() ? { link: link.trim() } : {}) },
      });
      if (error) throw error;
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: engagementKey(engagementId) });
      onDone();
    },
  });
  const errors = fieldErrors(add.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  const hasFieldErrors = Object.keys(errors).length > 0;
  return (
    <form
      className={s.stack}
      onSubmit={submit}
      aria-label={t('ui.engagement.guidance.formFor', { task: task.name })}
    >
      <Field
        label={t('ui.engagement.guidance.text')}
        required
        validationMessage={errors['/body/text']}
        validationState={errors['/body/text'] ? 'error' : 'none'}
      >
        <Textarea value={text} onChange={(_, d) => setText(d.value)} maxLength={4000} resize="vertical" />
      </Field>
      <Field
        label={t('ui.engagement.guidance.link')}
        hint={t('ui.engagement.guidance.linkHint')}
        validationMessage={errors['/body/link']}
        validationState={errors['/body/link'] ? 'error' : 'none'}
      >
        <Input type="url" value={link} onChange={(_, d) => setLink(d.value)} maxLength={1000} />
      </Field>
      {add.isError && !hasFieldErrors && <ProblemBar problem={add.error} />}
      <div className={s.row}>
        <Button appearance="primary" type="submit" disabled={!text.trim() || add.isPending}>
          {t('ui.engagement.guidance.save')}
        </Button>
        <Button onClick={onDone}>{t('ui.engagement.cancel')}</Button>
      </div>
    </form>
  );
}
