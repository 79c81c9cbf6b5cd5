/**
 * The engagement scenario per approved workload (domain §3.7, §4.4): who delivers, and why. The
 * rules are programme data (`scenarios.json`): tried in order, the first whose conditions all hold
 * decides; thresholds are named, not written here. The reason and its numbers are stored.
 */
import type { Programme, ScenarioRule } from '../programme/programme.schema.ts';

export type Scenario = ScenarioRule['scenario'];

export interface ScenarioContext {
  workload: string;
  entitlementSeats: number;
  filedBy: 'customer' | 'partner' | 'center';
  filedByPartnerId: string | null;
  approvedPartnerIds: string[];
  partnersAvailable: number;
  requestedWorkloads: string[];
}

export interface ScenarioChoice {
  scenario: Scenario;
  partnerId: string | null;
  ruleId: string;
  reasons: { key: string; values: Record<string, string | number> }[];
}

function holds(rule: ScenarioRule, c: ScenarioContext, limit: number | undefined): boolean {
  const w = rule.when;
  if (w.filedBy !== undefined && w.filedBy !== c.filedBy) return false;
  if (w.hasApprovedPartner !== undefined && w.hasApprovedPartner !== c.approvedPartnerIds.length > 0)
    return false;
  if (w.partnersAvailable !== undefined && w.partnersAvailable !== c.partnersAvailable > 0) return false;
  if (w.workloads && !w.workloads.includes(c.workload)) return false;
  if (w.onlyRequestedWorkloads && !c.requestedWorkloads.every((x) => w.onlyRequestedWorkloads!.includes(x)))
    return false;
  if (w.minSeatsThreshold !== undefined && (limit === undefined || c.entitlementSeats < limit)) return false;
  return true;
}

export function chooseScenario(programme: Programme, c: ScenarioContext): ScenarioChoice {
  const thresholds = (programme.thresholds ?? {}) as Record<string, number>;
  for (const rule of programme.scenarioRules) {
    const limit = rule.when.minSeatsThreshold ? thresholds[rule.when.minSeatsThreshold] : undefined;
    if (!holds(rule, c, limit)) continue;
    const partnerId =
      rule.partner === 'filer'
        ? c.filedByPartnerId
        : rule.partner === 'approved'
          ? (c.approvedPartnerIds[0] ?? null)
          : null;
    const values: Record<string, string | number> = {
      seats: c.entitlementSeats,
      limit: limit ?? 0,
      partners: c.approvedPartnerIds.length,
      percent: thresholds.frpReferralTargetPercent ?? 0,
    };
    return { scenario: rule.scenario, partnerId, ruleId: rule.id, reasons: [{ key: rule.reason, values }] };
  }
  // validation guarantees a default rule; this is unreachable with a valid programme
  throw new Error('no scenario rule matched: the programme lacks a default rule');
}
