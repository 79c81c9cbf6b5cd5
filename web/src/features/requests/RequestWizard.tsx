/**
 * Request assistance (/requests/new, ?customer=<org id> for partners and center staff): the steps of
 * the Microsoft 365 admin center form, eligibility shown live, a draft that survives errors and reloads,
 * one Idempotency-Key per draft, and server field errors shown on their field and step.
 */
import {
  Body1,
  Button,
  Card,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  Title1,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, fieldErrors } from '../../api/client';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import {
  channelFor,
  FirstAnswer,
  LANGUAGES,
  problemDetail,
  type RequestDetailData,
  RouterButton,
  RouterLink,
  useProgramme,
} from './common';
import { CustomerPicker } from './CustomerPicker';
import {
  clearDraft,
  type Draft,
  loadDraft,
  preciseErrors,
  saveDraft,
  STEPS,
  type StepId,
  stepOf,
  toBody,
} from './draft';
import { validateStep } from './validate';
import {
  ContactsStep,
  DetailsStep,
  OverviewStep,
  ProductsStep,
  ReviewStep,
  type StepProps,
  useFieldErrors,
} from './WizardSteps';
import { plainList } from '../../components/styles';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  header: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  heading: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  layout: {
    display: 'grid',
    gridTemplateColumns: '220px minmax(0, 1fr)',
    gap: tokens.spacingHorizontalXXL,
    alignItems: 'start',
    '@media (max-width: 900px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  steps: {
    ...plainList(tokens.spacingVerticalXS),
    '@media (max-width: 900px)': { flexDirection: 'row', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  },
  stepItem: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    minHeight: '36px',
    position: 'relative',
  },
  circle: {
    flexShrink: 0,
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    width: '24px',
    height: '24px',
    borderRadius: tokens.borderRadiusCircular,
    border: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
  },
  circleCurrent: {
    border: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`,
    color: tokens.colorBrandForeground1,
  },
  circleDone: {
    border: `${tokens.strokeWidthThick} solid ${tokens.colorBrandBackground}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  stepCurrent: { fontWeight: tokens.fontWeightSemibold },
  stepTodo: { color: tokens.colorNeutralForeground3 },
  stepButton: {
    paddingInline: tokens.spacingHorizontalXS,
    minWidth: 0,
    fontWeight: tokens.fontWeightRegular,
    color: tokens.colorBrandForegroundLink,
  },
  hidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    padding: tokens.spacingHorizontalXL,
  },
  stepTitle: {
    margin: 0,
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    fontWeight: tokens.fontWeightSemibold,
    ':focus': { outline: 'none' },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  actions: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    paddingTop: tokens.spacingVerticalM,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  done: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, alignItems: 'flex-start' },
  number: {
    fontSize: tokens.fontSizeHero700,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: tokens.lineHeightHero700,
  },
  links: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', alignItems: 'center' },
});

function StepIndicator({
  current,
  furthest,
  completed,
  onGo,
}: {
  current: number;
  furthest: number;
  /** every step is done (the request was filed) */
  completed: boolean;
  onGo: (i: number) => void;
}) {
  const s = useStyles();
  const t = useT();
  return (
    <nav aria-label={t('ui.wizard.progress')}>
      <ol className={s.steps}>
        {STEPS.map((id, i) => {
          const isCurrent = !completed && i === current;
          const done = completed || (!isCurrent && i < Math.max(current, furthest));
          const reachable = !completed && !isCurrent && i <= furthest;
          const label = t(`ui.wizard.step.${id}`);
          return (
            <li key={id} className={s.stepItem} aria-current={isCurrent ? 'step' : undefined}>
              <span
                aria-hidden="true"
                className={mergeClasses(s.circle, isCurrent && s.circleCurrent, done && s.circleDone)}
              >
                {i + 1}
              </span>
              {reachable ? (
                <Button appearance="transparent" className={s.stepButton} onClick={() => onGo(i)}>
                  {label}
                </Button>
              ) : (
                <Text className={isCurrent ? s.stepCurrent : done ? undefined : s.stepTodo}>{label}</Text>
              )}
              <span className={s.hidden}>
                {done
                  ? t('ui.wizard.stepDone')
                  : isCurrent
                    ? t('ui.wizard.stepCurrent')
                    : t('ui.wizard.stepTodo')}
              </span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

export function RequestWizard() {
  const s = useStyles();
  const t = useT();
  const { me } = useSession();
  const [params] = useSearchParams();
  const kind = me?.organisation?.kind;
  const customerId = kind === 'customer' ? me!.organisation!.id : params.get('customer');
  return (
    <div className={s.page}>
      <div className={s.header}>
        <Title1 as="h1" className={s.heading}>
          {t('ui.wizard.title')}
        </Title1>
      </div>
      {!me?.organisation && (
        <MessageBar intent="warning">
          <MessageBarBody>{t('ui.wizard.noOrganisation')}</MessageBarBody>
        </MessageBar>
      )}
      {me?.organisation && !customerId && (kind === 'partner' || kind === 'center') && (
        <CustomerPicker kind={kind} />
      )}
      {me?.organisation && customerId && <Wizard key={customerId} customerId={customerId} />}
    </div>
  );
}

function Wizard({ customerId }: { customerId: string }) {
  const s = useStyles();
  const t = useT();
  const { me, language } = useSession();
  const queryClient = useQueryClient();
  const { programme, isLoading, error: programmeError } = useProgramme();
  const customer = useQuery({
    queryKey: ['organisation', customerId],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/organisations/{id}', {
        params: { path: { id: customerId } },
      });
      if (error) throw error;
      return data;
    },
  });

  const [params] = useSearchParams();
  const [draft, setDraft] = useState<Draft>(() => {
    const d = loadDraft(customerId, language);
    // "ask the center for help" on a service, or the widget, names the workload to start with
    const wanted = params.get('workload');
    if (wanted && d.workloads.length === 0)
      d.workloads = [{ workload: wanted, plannedDate: '', businessReason: '' }];
    return d;
  });
  const { errors, setErrors, clearErrors } = useFieldErrors();
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<RequestDetailData | null>(null);
  const [focus, setFocus] = useState<{ to: 'heading' | 'error'; n: number } | null>(null);
  const cardRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const step = STEPS[draft.step] ?? 'overview';

  const update = useCallback((fn: (d: Draft) => Draft) => setDraft(fn), []);

  // nothing typed is lost: the draft is written on every change, until the request is filed
  useEffect(() => {
    if (!result) saveDraft(customerId, draft);
  }, [customerId, draft, result]);

  // the customer's country and language start the service location and preferred language
  const profile = customer.data?.customer;
  useEffect(() => {
    if (!profile || draft.prefilled) return;
    setDraft((d) => ({
      ...d,
      prefilled: true,
      serviceLocation: d.serviceLocation || (/^[A-Z]{2}$/.test(profile.country) ? profile.country : ''),
      preferredLanguage: (LANGUAGES as readonly string[]).includes(profile.language)
        ? profile.language
        : d.preferredLanguage,
    }));
  }, [profile, draft.prefilled]);

  // after a move, focus goes to the step's heading, or to the first field with an error
  useLayoutEffect(() => {
    if (!focus) return;
    const root = cardRef.current;
    const invalid =
      focus.to === 'error'
        ? root?.querySelector<HTMLElement>(
            '[aria-invalid="true"]:not(fieldset), fieldset[aria-invalid="true"] input',
          )
        : null;
    (invalid ?? headingRef.current)?.focus();
  }, [focus]);

  const go = (i: number, to: 'heading' | 'error' = 'heading') => {
    setDraft((d) => ({ ...d, step: i, furthest: Math.max(d.furthest, i) }));
    setFocus((f) => ({ to, n: (f?.n ?? 0) + 1 }));
  };

  const submit = useMutation({
    mutationFn: async () => {
      const { data, error } = await api.POST('/api/requests', {
        body: toBody(draft, customerId, channelFor(me?.organisation?.kind)),
        params: { header: { 'idempotency-key': draft.key } },
      });
      if (error) throw error;
      return data;
    },
    onSuccess: (data) => {
      setResult(data);
      // opened by the "Need help?" widget: tell the host page which request was filed
      if (params.get('embed') === '1' && window.opener && data)
        window.opener.postMessage({ type: 'fasttrack-request', id: data.id, number: data.number }, '*');
      clearDraft(customerId);
      setErrors({});
      setProblem(null);
      void queryClient.invalidateQueries({ queryKey: ['requests'] });
      setFocus((f) => ({ to: 'heading', n: (f?.n ?? 0) + 1 }));
    },
    onError: (error) => {
      const found = preciseErrors(fieldErrors(error));
      const paths = Object.keys(found);
      if (paths.length > 0) {
        setErrors(found);
        setProblem(problemDetail(error) ?? null);
        go(Math.min(...paths.map(stepOf)), 'error');
      } else if (error instanceof Error) {
        setProblem(t('ui.wizard.submitFailed'));
      } else {
        setProblem(problemDetail(error) ?? t('ui.wizard.submitFailed'));
      }
    },
  });

  /** Moves forward once the current step is valid (backward moves need no check). */
  const moveTo = (i: number) => {
    if (i > draft.step) {
      const found = validateStep(step, draft, t);
      if (Object.keys(found).length > 0) {
        setErrors((e) => ({ ...e, ...found }));
        setFocus((f) => ({ to: 'error', n: (f?.n ?? 0) + 1 }));
        return;
      }
      setProblem(null);
    }
    go(i);
  };
  const next = () => moveTo(draft.step + 1);

  const trySubmit = () => {
    // every step is checked again: a draft restored from storage may skip one
    for (const id of STEPS) {
      const found = validateStep(id, draft, t);
      if (Object.keys(found).length > 0) {
        setErrors(found);
        go(STEPS.indexOf(id), 'error');
        return;
      }
    }
    setProblem(null);
    submit.mutate();
  };

  if (isLoading) return <Spinner label={t('ui.requests.loading')} />;
  if (programmeError || !programme)
    return (
      <MessageBar intent="error">
        <MessageBarBody>{problemDetail(programmeError) ?? t('ui.requests.loadFailed')}</MessageBarBody>
      </MessageBar>
    );

  const customerName =
    customer.data?.name ?? (me?.organisation?.id === customerId ? me.organisation.name : '');
  const props: StepProps = { draft, update, errors, clearErrors, programme, customerId };

  return (
    <>
      {customerName && (
        <Text className={s.muted}>{t('ui.wizard.forCustomer', { customer: customerName })}</Text>
      )}
      {customer.error && !customerName && (
        <MessageBar intent="error">
          <MessageBarBody>{problemDetail(customer.error) ?? t('ui.requests.loadFailed')}</MessageBarBody>
        </MessageBar>
      )}
      <div className={s.layout}>
        <StepIndicator current={draft.step} furthest={draft.furthest} completed={!!result} onGo={moveTo} />
        <Card className={s.card} ref={cardRef}>
          {result ? (
            <div className={s.done}>
              <h2 className={s.stepTitle} ref={headingRef} tabIndex={-1}>
                {t('ui.wizard.done.title')}
              </h2>
              <MessageBar intent="success">
                <MessageBarBody>
                  <MessageBarTitle>{t('ui.wizard.done.received')}</MessageBarTitle> {t('ui.wizard.done.next')}
                </MessageBarBody>
              </MessageBar>
              <Body1>{t('ui.wizard.done.numberLabel')}</Body1>
              <span className={s.number} data-testid="request-number">
                {result.number}
              </span>
              {result.response && (
                <>
                  <Body1>{t('ui.request.firstAnswer.label')}</Body1>
                  <FirstAnswer response={result.response} />
                </>
              )}
              <div className={s.links}>
                <RouterButton appearance="primary" to={`/requests/${result.id}`}>
                  {t('ui.wizard.done.view')}
                </RouterButton>
                <RouterLink to="/">{t('ui.wizard.done.home')}</RouterLink>
              </div>
            </div>
          ) : (
            <>
              <h2 className={s.stepTitle} ref={headingRef} tabIndex={-1}>
                {t(`ui.wizard.step.${step}`)}
              </h2>
              {problem && (
                <MessageBar intent="error" role="alert">
                  <MessageBarBody>{problem}</MessageBarBody>
                </MessageBar>
              )}
              {step === 'overview' && <OverviewStep />}
              {step === 'products' && <ProductsStep {...props} />}
              {step === 'details' && <DetailsStep {...props} />}
              {step === 'contacts' && <ContactsStep {...props} />}
              {step === 'review' && <ReviewStep {...props} onEdit={(id: StepId) => go(STEPS.indexOf(id))} />}
              <div className={s.actions}>
                <Button disabled={draft.step === 0 || submit.isPending} onClick={() => go(draft.step - 1)}>
                  {t('ui.wizard.back')}
                </Button>
                {step !== 'review' ? (
                  <Button appearance="primary" onClick={next}>
                    {t('ui.wizard.next')}
                  </Button>
                ) : (
                  <Button appearance="primary" disabled={submit.isPending} onClick={trySubmit}>
                    {t('ui.wizard.submit')}
                  </Button>
                )}
                {submit.isPending && <Spinner size="tiny" label={t('ui.wizard.submitting')} />}
              </div>
            </>
          )}
        </Card>
      </div>
    </>
  );
}
