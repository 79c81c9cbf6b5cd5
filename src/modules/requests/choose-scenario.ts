/**
 * The engagement scenario per approved workload (domain §3.7, §4.4): who delivers, and why.
 * Rules are evaluated in order; thresholds come from the programme. The reasons are stored.
 */
import type { Programme } from '../programme/programme.schema.ts';

export type Scenario = 'partner-led' | 'partner-referral' | 'center-led' | 'customer-led';

export interface ScenarioContext {
  workload: string;
  entitlementSeats: number;
  filedByPartnerId: string | null;
  approvedPartnerIds: string[];
  partnersAvailable: number;
  requestedWorkloads: string[];
}

export interface ScenarioChoice {
  scenario: Scenario;
  partnerId: string | null;
  reasons: { key: string; values: Record<string, string | number> }[];
}

export function chooseScenario(programme: Programme, c: ScenarioContext): ScenarioChoice {
  const th = programme.thresholds ?? ({} as Record<string, number>);
  const reasons: ScenarioChoice['reasons'] = [];
  if (c.filedByPartnerId) {
    reasons.push({ key: 'requests.scenario.reason.filedByPartner', values: {} });
    return { scenario: 'partner-led', partnerId: c.filedByPartnerId, reasons };
  }
  if (c.approvedPartnerIds.length > 0) {
    reasons.push({
      key: 'requests.scenario.reason.existingPartner',
      values: { partners: c.approvedPartnerIds.length },
    });
    return { scenario: 'partner-led', partnerId: c.approvedPartnerIds[0]!, reasons };
  }
  const intuneMax = Number(th.frpReferralMaxIntuneSeats ?? 10000);
  const entraMax = Number(th.frpReferralMaxEntraIdOnlySeats ?? 10000);
  const entraOnly = c.requestedWorkloads.every((w) => w === 'entra-id-premium');
  if (c.workload === 'intune' && c.entitlementSeats >= intuneMax) {
    reasons.push({
      key: 'requests.scenario.reason.tooLargeForReferral',
      values: { seats: c.entitlementSeats, limit: intuneMax },
    });
    return { scenario: 'center-led', partnerId: null, reasons };
  }
  if (c.workload === 'entra-id-premium' && entraOnly && c.entitlementSeats >= entraMax) {
    reasons.push({
      key: 'requests.scenario.reason.tooLargeForReferral',
      values: { seats: c.entitlementSeats, limit: entraMax },
    });
    return { scenario: 'center-led', partnerId: null, reasons };
  }
  const enterprise = Number(th.enterpriseAdditionalBenefitSeats ?? 20000);
  if (c.entitlementSeats >= enterprise) {
    reasons.push({
      key: 'requests.scenario.reason.enterprise',
      values: { seats: c.entitlementSeats, limit: enterprise },
    });
    return { scenario: 'center-led', partnerId: null, reasons };
  }
  if (c.partnersAvailable > 0) {
    reasons.push({
      key: 'requests.scenario.reason.referralGoal',
      values: { percent: Number(th.frpReferralTargetPercent ?? 75) },
    });
    return { scenario: 'partner-referral', partnerId: null, reasons };
  }
  reasons.push({ key: 'requests.scenario.reason.noPartner', values: {} });
  return { scenario: 'center-led', partnerId: null, reasons };
}
