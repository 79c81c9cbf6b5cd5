/**
 * The request wizard's draft: everything typed, kept in sessionStorage per customer so that nothing
 * is lost on an error or a reload, with the Idempotency-Key of the draft (a retry never files twice).
 */
import type { Channel, CreateRequestBody, Language, RequestDetailData } from './common';

export interface WorkloadChoice {
  workload: string;
  plannedDate: string;
  businessReason: string;
}

export interface ContactDraft {
  same: boolean;
  name: string;
  email: string;
  phone: string;
  title: string;
}

export interface Draft {
  /** the Idempotency-Key of this draft */
  key: string;
  step: number;
  /** the furthest step reached: every step up to it may be opened from the step indicator */
  furthest: number;
  workloads: WorkloadChoice[];
  dataMigration: boolean;
  migrationSources: string[];
  projectName: string;
  serviceLocation: string;
  preferredLanguage: string;
  comments: string;
  requesterPhone: string;
  requesterTitle: string;
  primaryContact: ContactDraft;
  businessSponsor: ContactDraft;
  /** the customer's country and language were filled in once */
  prefilled: boolean;
}

export const STEPS = ['overview', 'products', 'details', 'contacts', 'review'] as const;
export type StepId = (typeof STEPS)[number];

const storageKey = (customerId: string) => `ftc.requestDraft.${customerId}`;

/** A random key (works without a secure context, unlike crypto.randomUUID). */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `rfa-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const emptyContact = (): ContactDraft => ({ same: true, name: '', email: '', phone: '', title: '' });

export function newDraft(language: string): Draft {
  return {
    key: newIdempotencyKey(),
    step: 0,
    furthest: 0,
    workloads: [],
    dataMigration: false,
    migrationSources: [],
    projectName: '',
    serviceLocation: '',
    preferredLanguage: language,
    comments: '',
    requesterPhone: '',
    requesterTitle: '',
    primaryContact: emptyContact(),
    businessSponsor: emptyContact(),
    prefilled: false,
  };
}

export function loadDraft(customerId: string, language: string): Draft {
  try {
    const raw = sessionStorage.getItem(storageKey(customerId));
    if (raw) {
      const stored = JSON.parse(raw) as Partial<Draft>;
      const base = newDraft(language);
      if (typeof stored.key === 'string' && stored.key.length >= 8) {
        return {
          ...base,
          ...stored,
          primaryContact: { ...base.primaryContact, ...stored.primaryContact },
          businessSponsor: { ...base.businessSponsor, ...stored.businessSponsor },
          step: Math.min(Math.max(Number(stored.step) || 0, 0), STEPS.length - 1),
          furthest: Math.min(
            Math.max(Number(stored.furthest) || 0, Number(stored.step) || 0, 0),
            STEPS.length - 1,
          ),
        };
      }
    }
  } catch {
    // an unreadable draft starts again
  }
  return newDraft(language);
}

export function saveDraft(customerId: string, draft: Draft): void {
  try {
    sessionStorage.setItem(storageKey(customerId), JSON.stringify(draft));
  } catch {
    // storage full or disabled: the draft lives on in memory
  }
}

export function clearDraft(customerId: string): void {
  try {
    sessionStorage.removeItem(storageKey(customerId));
  } catch {
    // nothing to clear
  }
}

const contactBody = (c: ContactDraft): CreateRequestBody['primaryContact'] =>
  c.same
    ? 'same-as-requester'
    : {
        name: c.name.trim(),
        email: c.email.trim(),
        ...(c.phone.trim() ? { phone: c.phone.trim() } : {}),
        ...(c.title.trim() ? { title: c.title.trim() } : {}),
      };

/** The POST /api/requests body of a draft. */
export function toBody(d: Draft, customerId: string, channel: Channel): CreateRequestBody {
  return {
    customerId,
    channel,
    projectName: d.projectName.trim(),
    serviceLocation: d.serviceLocation,
    preferredLanguage: d.preferredLanguage as Language,
    ...(d.comments.trim() ? { comments: d.comments.trim() } : {}),
    workloads: d.workloads.map((w) => ({
      workload: w.workload,
      plannedDate: w.plannedDate,
      ...(w.businessReason.trim() ? { businessReason: w.businessReason.trim() } : {}),
    })),
    options: {
      dataMigration: d.dataMigration,
      ...(d.dataMigration ? { migrationSources: d.migrationSources } : {}),
    },
    requester: { phone: d.requesterPhone.trim(), title: d.requesterTitle.trim() },
    primaryContact: contactBody(d.primaryContact),
    businessSponsor: contactBody(d.businessSponsor),
  };
}

/**
 * The draft of a correction: what the request says now. A contact that is the requester (same email)
 * stays "same as the requester".
 */
export function fromDetail(r: RequestDetailData): Draft {
  const requesterEmail = r.requester.email.toLowerCase();
  const contact = (c: RequestDetailData['primaryContact']): ContactDraft => ({
    same: c.email.toLowerCase() === requesterEmail,
    name: c.name,
    email: c.email,
    phone: c.phone ?? '',
    title: c.title ?? '',
  });
  return {
    ...newDraft(r.preferredLanguage),
    key: '',
    workloads: r.workloads.map((w) => ({
      workload: w.workload,
      plannedDate: w.plannedDate,
      businessReason: w.businessReason ?? '',
    })),
    dataMigration: r.options.dataMigration,
    migrationSources: r.options.migrationSources,
    projectName: r.projectName,
    serviceLocation: r.serviceLocation,
    preferredLanguage: r.preferredLanguage,
    comments: r.comments ?? '',
    requesterPhone: r.requester.phone ?? '',
    requesterTitle: r.requester.title ?? '',
    primaryContact: contact(r.primaryContact),
    businessSponsor: contact(r.businessSponsor),
    prefilled: true,
  };
}

/** The PATCH /api/requests/{id} body of a correction: every field (the server keeps what did not change). */
export function toChanges(d: Draft) {
  const { customerId: _c, channel: _ch, comments, ...rest } = toBody(d, '', 'api');
  return { ...rest, comments: comments ?? null };
}

/** The wizard step that holds a field, from its JSON pointer (`/body/workloads/0/plannedDate`). */
export function stepOf(path: string): number {
  if (/^\/body\/(workloads|options)(\/|$)/.test(path)) return STEPS.indexOf('products');
  if (/^\/body\/(projectName|serviceLocation|preferredLanguage|comments)(\/|$)/.test(path))
    return STEPS.indexOf('details');
  if (/^\/body\/(requester|primaryContact|businessSponsor)(\/|$)/.test(path))
    return STEPS.indexOf('contacts');
  return STEPS.indexOf('review');
}

/** Field errors without those that only repeat a more precise error below them. */
export function preciseErrors(errors: Record<string, string>): Record<string, string> {
  const paths = Object.keys(errors);
  return Object.fromEntries(
    Object.entries(errors).filter(([p]) => !paths.some((q) => q !== p && q.startsWith(`${p}/`))),
  );
}

export const PHONE = /^[+0-9 ()./-]{3,40}$/;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const DATE = /^\d{4}-\d{2}-\d{2}$/;
