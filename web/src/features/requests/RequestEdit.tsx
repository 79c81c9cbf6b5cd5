/**
 * /requests/:id/edit — correct an open request: the wizard's products, details and contacts on one
 * page, filled with what the request says now, eligibility shown live. Saving sends If-Match with the
 * version that was opened: a change made meanwhile by someone else is reported, never overwritten.
 */
import {
  Body1,
  Button,
  Card,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Title1,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, fieldErrors } from '../../api/client';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { problemDetail, type RequestDetailData, RouterButton, RouterLink, useProgramme } from './common';
import { type Draft, fromDetail, preciseErrors, type StepId, toChanges } from './draft';
import { validateStep } from './validate';
import { ContactsStep, DetailsStep, ProductsStep, type StepProps, useFieldErrors } from './WizardSteps';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  header: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  heading: { margin: 0 },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    padding: tokens.spacingHorizontalXL,
  },
  sectionTitle: {
    margin: 0,
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    fontWeight: tokens.fontWeightSemibold,
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});

const SECTIONS: StepId[] = ['products', 'details', 'contacts'];

export function RequestEdit() {
  const s = useStyles();
  const t = useT();
  const { id = '' } = useParams();
  const { language } = useSession();
  const { programme, isLoading, error: programmeError } = useProgramme();
  // the copy being corrected, with its version (ETag) for If-Match
  const current = useQuery({
    queryKey: ['requests', 'edit', id, language],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/requests/{id}', { params: { path: { id } } });
      if (error) throw error;
      return { detail: data, etag: response.headers.get('etag') };
    },
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });

  if (isLoading || current.isLoading) return <Spinner label={t('ui.requests.loading')} />;
  const failed = programmeError ?? current.error;
  if (failed || !programme || !current.data)
    return (
      <MessageBar intent="error">
        <MessageBarBody>{problemDetail(failed) ?? t('ui.requests.loadFailed')}</MessageBarBody>
      </MessageBar>
    );
  const { detail, etag } = current.data;
  return (
    <div className={s.page}>
      <div className={s.header}>
        <RouterLink to={`/requests/${id}`}>{detail.number}</RouterLink>
        <Title1 as="h1" className={s.heading}>
          {t('ui.request.editTitle', { number: detail.number })}
        </Title1>
        <Body1>{t('ui.request.editIntro')}</Body1>
      </div>
      <EditForm detail={detail} etag={etag} programme={programme} />
    </div>
  );
}

function EditForm({
  detail,
  etag,
  programme,
}: {
  detail: RequestDetailData;
  etag: string | null;
  programme: StepProps['programme'];
}) {
  const s = useStyles();
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => fromDetail(detail));
  const { errors, setErrors, clearErrors } = useFieldErrors();
  const [problem, setProblem] = useState<string | null>(null);
  const [focus, setFocus] = useState(0);
  const formRef = useRef<HTMLDivElement>(null);
  // dates the request already had may have passed since it was filed: they stay allowed
  const kept = useMemo(
    () => new Set(detail.workloads.map((w) => `${w.workload}@${w.plannedDate}`)),
    [detail.workloads],
  );

  const update = useCallback((fn: (d: Draft) => Draft) => setDraft(fn), []);

  // after a refused save, focus goes to the first field with an error
  useLayoutEffect(() => {
    if (!focus) return;
    formRef.current
      ?.querySelector<HTMLElement>('[aria-invalid="true"]:not(fieldset), fieldset[aria-invalid="true"] input')
      ?.focus();
  }, [focus]);

  const save = useMutation({
    mutationFn: async () => {
      const { data, error } = await api.PATCH('/api/requests/{id}', {
        params: { path: { id: detail.id }, header: etag ? { 'if-match': etag } : {} },
        body: toChanges(draft),
      });
      if (error) throw error;
      return data;
    },
    onSuccess: (data) => {
      queryClient.setQueriesData({ queryKey: ['requests', 'detail', detail.id] }, data);
      void queryClient.invalidateQueries({ queryKey: ['requests'] });
      navigate(`/requests/${detail.id}`);
    },
    onError: (error) => {
      const found = preciseErrors(fieldErrors(error));
      setErrors(found);
      setProblem(
        error instanceof Error
          ? t('ui.request.actionFailed')
          : (problemDetail(error) ?? t('ui.request.actionFailed')),
      );
      if (Object.keys(found).length) setFocus((n) => n + 1);
    },
  });

  const trySave = () => {
    const found = Object.assign({}, ...SECTIONS.map((id) => validateStep(id, draft, t, kept)));
    setErrors(found);
    if (Object.keys(found).length) {
      setProblem(null);
      setFocus((n) => n + 1);
      return;
    }
    setProblem(null);
    save.mutate();
  };

  const props: StepProps = {
    draft,
    update,
    errors,
    clearErrors,
    programme,
    customerId: detail.customerId,
    requester: detail.requester,
  };
  return (
    <div className={s.page} ref={formRef}>
      {problem && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      {SECTIONS.map((id) => (
        <Card key={id} className={s.card}>
          <h2 className={s.sectionTitle}>{t(`ui.wizard.step.${id}`)}</h2>
          {id === 'products' && <ProductsStep {...props} />}
          {id === 'details' && <DetailsStep {...props} />}
          {id === 'contacts' && <ContactsStep {...props} />}
        </Card>
      ))}
      <div className={s.actions}>
        <Button appearance="primary" disabled={save.isPending} onClick={trySave}>
          {t('ui.request.save')}
        </Button>
        <RouterButton to={`/requests/${detail.id}`} disabled={save.isPending}>
          {t('ui.request.discard')}
        </RouterButton>
        {save.isPending && <Spinner size="tiny" label={t('ui.request.saving')} />}
      </div>
    </div>
  );
}
