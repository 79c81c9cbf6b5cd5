/** Checks of a wizard step before moving on; the same rules as the API's, with the same JSON pointers. */
import { type ContactDraft, DATE, type Draft, EMAIL, PHONE, type StepId } from './draft';

type T = (id: string, values?: Record<string, string | number>) => string;

/** Today in the reader's time zone, as YYYY-MM-DD. */
export function localToday(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

function isRealDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * `kept`: the workloads and dates (`workload@date`) a request being corrected already had; those may
 * lie in the past by now, as the API allows.
 */
export function validateStep(
  step: StepId,
  d: Draft,
  t: T,
  kept: ReadonlySet<string> = new Set(),
): Record<string, string> {
  const e: Record<string, string> = {};
  const text = (path: string, value: string, max: number, required: boolean) => {
    const v = value.trim();
    if (required && !v) e[path] = t('ui.wizard.error.required');
    else if (v.length > max) e[path] = t('ui.wizard.error.tooLong', { limit: max });
  };
  const phone = (path: string, value: string, required: boolean) => {
    const v = value.trim();
    if (!v) {
      if (required) e[path] = t('ui.wizard.error.required');
    } else if (!PHONE.test(v)) e[path] = t('ui.wizard.error.phone');
  };
  const contact = (at: string, c: ContactDraft) => {
    if (c.same) return;
    text(`${at}/name`, c.name, 200, true);
    const email = c.email.trim();
    if (!email) e[`${at}/email`] = t('ui.wizard.error.required');
    else if (!EMAIL.test(email) || email.length > 254) e[`${at}/email`] = t('ui.wizard.error.email');
    phone(`${at}/phone`, c.phone, false);
    text(`${at}/title`, c.title, 120, false);
  };

  if (step === 'products') {
    if (d.workloads.length === 0) e['/body/workloads'] = t('ui.wizard.error.chooseWorkload');
    const today = localToday();
    d.workloads.forEach((w, i) => {
      const at = `/body/workloads/${i}`;
      if (!w.plannedDate) e[`${at}/plannedDate`] = t('ui.wizard.error.date');
      else if (!isRealDate(w.plannedDate)) e[`${at}/plannedDate`] = t('ui.wizard.error.date');
      else if (w.plannedDate < today && !kept.has(`${w.workload}@${w.plannedDate}`))
        e[`${at}/plannedDate`] = t('ui.wizard.error.dateInPast');
      text(`${at}/businessReason`, w.businessReason, 500, false);
    });
    if (d.dataMigration && d.migrationSources.length === 0)
      e['/body/options/migrationSources'] = t('ui.wizard.error.chooseSource');
  }
  if (step === 'details') {
    text('/body/projectName', d.projectName, 120, true);
    if (!/^[A-Z]{2}$/.test(d.serviceLocation))
      e['/body/serviceLocation'] = t('ui.wizard.error.chooseCountry');
    if (!d.preferredLanguage) e['/body/preferredLanguage'] = t('ui.wizard.error.chooseLanguage');
    text('/body/comments', d.comments, 4000, false);
  }
  if (step === 'contacts') {
    phone('/body/requester/phone', d.requesterPhone, true);
    text('/body/requester/title', d.requesterTitle, 120, true);
    contact('/body/primaryContact', d.primaryContact);
    contact('/body/businessSponsor', d.businessSponsor);
  }
  return e;
}
