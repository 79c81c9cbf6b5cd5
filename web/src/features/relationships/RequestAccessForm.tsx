/**
 * A partner admin asks a customer for access, naming it by one of its domains or its tenant ID.
 * The server's answer is shown where it belongs: a field's problem on that field; "no such customer"
 * and "already asked" on the customer field too (they are about what was typed there).
 */
import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, fieldErrors, type Problem } from '../../api/client';
import { useT } from '../../i18n';
import { problemDetail } from '../requests/common';

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    maxWidth: '560px',
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM },
});

type By = 'domain' | 'tenantId';

export function RequestAccessForm() {
  const s = useStyles();
  const t = useT();
  const queryClient = useQueryClient();
  const [by, setBy] = useState<By>('domain');
  const [value, setValue] = useState('');
  const [message, setMessage] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const path = `/body/${by}`;

  const mutation = useMutation({
    mutationFn: async () => {
      const note = message.trim();
      const customer = by === 'domain' ? { domain: value.trim() } : { tenantId: value.trim() };
      const { data, error } = await api.POST('/api/partner-relationships', {
        body: { ...customer, ...(note ? { message: note } : {}) },
      });
      if (error) throw error;
      return data;
    },
    onSuccess: (created) => {
      setSent(t('ui.relationships.sent', { customer: created.customerName }));
      setValue('');
      setMessage('');
      void queryClient.invalidateQueries({ queryKey: ['relationships'] });
    },
    onError: (error) => {
      const found = fieldErrors(error);
      // "give a tenant id or a domain" is reported on tenantId: show it on the field in use
      if (found['/body/tenantId'] && by === 'domain') found[path] = found['/body/tenantId'];
      const status = (error as unknown as Problem | undefined)?.status;
      if (!Object.keys(found).length && (status === 404 || status === 409)) {
        const detail = problemDetail(error);
        if (detail) found[path] = detail;
      }
      setErrors(found);
      const shown = [path, '/body/message'];
      const other = Object.entries(found)
        .filter(([p]) => !shown.includes(p))
        .map(([, m]) => m);
      setProblem(
        other.length
          ? other.join(' ')
          : Object.keys(found).length
            ? null
            : (problemDetail(error) ?? t('ui.relationships.failed')),
      );
    },
  });

  const submit = () => {
    setSent(null);
    setProblem(null);
    if (!value.trim()) {
      setErrors({ [path]: t('ui.relationships.error.required') });
      return;
    }
    setErrors({});
    mutation.mutate();
  };
  const state = (p: string) =>
    errors[p] ? { validationState: 'error' as const, validationMessage: errors[p] } : {};

  return (
    <form
      className={s.form}
      noValidate
      aria-label={t('ui.relationships.form.title')}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Field label={t('ui.relationships.form.by')}>
        <RadioGroup
          layout="horizontal"
          value={by}
          onChange={(_, d) => {
            setBy(d.value as By);
            setErrors({});
          }}
        >
          <Radio value="domain" label={t('ui.relationships.form.byDomain')} />
          <Radio value="tenantId" label={t('ui.relationships.form.byTenant')} />
        </RadioGroup>
      </Field>
      <Field
        label={t(by === 'domain' ? 'ui.relationships.form.domain' : 'ui.relationships.form.tenantId')}
        hint={t(by === 'domain' ? 'ui.relationships.form.domainHint' : 'ui.relationships.form.tenantIdHint')}
        required
        {...state(path)}
      >
        <Input
          value={value}
          autoComplete="off"
          spellCheck={false}
          onChange={(_, d) => {
            setValue(d.value);
            setErrors((e) => ({ ...e, [path]: '' }));
          }}
        />
      </Field>
      <Field label={t('ui.relationships.form.message')} {...state('/body/message')}>
        <Textarea
          value={message}
          maxLength={1000}
          resize="vertical"
          onChange={(_, d) => {
            setMessage(d.value);
            setErrors((e) => ({ ...e, '/body/message': '' }));
          }}
        />
      </Field>
      {problem && (
        <MessageBar intent="error">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      <div aria-live="polite">
        {sent && (
          <MessageBar intent="success">
            <MessageBarBody>{sent}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      <div className={s.actions}>
        <Button appearance="primary" type="submit" disabled={mutation.isPending}>
          {t('ui.relationships.form.submit')}
        </Button>
      </div>
    </form>
  );
}
