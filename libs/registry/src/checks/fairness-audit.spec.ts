// The fairness-audit rule of the promotion gate as a pure function: failed audits block unless an
// owner accepted them, high-risk projects need a passed (or accepted) audit, prohibited tiers block.
import { describe, expect, it } from 'vitest';
import { fairnessGate, type FairnessGateAudit, type FairnessGateFacts } from './fairness-audit';

const audit = (verdict: FairnessGateAudit['verdict'], exception = false): FairnessGateAudit => ({
  id: 'aud1',
  verdict,
  fileName: 'holdout.csv',
  source: 'MODEL_VERSION',
  completedAt: new Date('2026-11-20T10:00:00Z'),
  firstReason: "applicant_sex='female': pprev disparity 0.55 against 'male' is outside [0.800, 1.250]",
  exception: exception ? { byId: 'u1', byName: 'Olga Owner', at: new Date('2026-11-21T09:00:00Z'), justification: 'Pilot limited to 50 manual reviews a week' } : null,
});
const facts = (latest: FairnessGateAudit | FairnessGateAudit[] | null, aiActTier: FairnessGateFacts['aiActTier'] = null): FairnessGateFacts => ({
  organizationId: 'org',
  projectId: 'p',
  modelVersionId: 'mv',
  version: 3,
  aiActTier,
  audits: latest === null ? [] : Array.isArray(latest) ? latest : [latest],
});

describe('fairnessGate', () => {
  it('refuses a failed audit and says which audit, what it found and the two ways out', () => {
    const r = fairnessGate(facts(audit('FAIL')));
    expect(r.ok).toBe(false);
    expect(r.reasons[0]).toContain('fairness audit aud1 (predictions on holdout.csv, 2026-11-20) of model version v3 FAILED');
    expect(r.reasons[0]).toContain('pprev disparity 0.55');
    expect(r.reasons[0]).toMatch(/audit this version again until it passes, or have an owner record an accepted exception .* on \/orgs\/org\/audits\/aud1/);
  });
  it('passes a failed audit with an accepted exception, naming who accepted it', () => {
    const r = fairnessGate(facts(audit('FAIL', true)));
    expect(r).toEqual({ ok: true, reasons: [expect.stringContaining('accepted by Olga Owner on 2026-11-21: "Pilot limited')] });
  });
  it('passes without an audit unless the project is high-risk', () => {
    expect(fairnessGate(facts(null, 'LIMITED')).ok).toBe(true);
    const high = fairnessGate(facts(null, 'HIGH'));
    expect(high.ok).toBe(false);
    expect(high.reasons[0]).toMatch(/high-risk .* has no finished fairness audit of the model itself: audit this version .*\/projects\/p\/fairness-audits\/model/);
  });
  it('needs PASS (or an accepted exception) in a high-risk project; WARN is enough elsewhere', () => {
    expect(fairnessGate(facts(audit('PASS'), 'HIGH')).ok).toBe(true);
    expect(fairnessGate(facts(audit('WARN'), 'MINIMAL')).ok).toBe(true);
    const warn = fairnessGate(facts(audit('WARN'), 'HIGH'));
    expect(warn.ok).toBe(false);
    expect(warn.reasons[0]).toMatch(/needs a PASSED fairness audit, but the latest .* is WARN/);
    expect(fairnessGate(facts(audit('WARN', true), 'HIGH')).ok).toBe(true);
    expect(fairnessGate(facts(audit('FAIL'), 'HIGH')).ok).toBe(false);
    expect(fairnessGate(facts(audit('FAIL', true), 'HIGH')).ok).toBe(true);
  });
  it('blocks every version of a project in the prohibited tier', () => {
    expect(fairnessGate(facts(audit('PASS'), 'UNACCEPTABLE'))).toMatchObject({ ok: false, reasons: [expect.stringMatching(/UNACCEPTABLE/)] });
  });
  it('does not let a pass on one dataset version hide a failure on another', () => {
    const other = { ...audit('PASS'), id: 'aud2', datasetVersionId: 'dv2', completedAt: new Date('2026-11-22T10:00:00Z') };
    const r = fairnessGate(facts([other, { ...audit('FAIL'), datasetVersionId: 'dv1' }]));
    expect(r.ok).toBe(false);
    expect(r.reasons).toEqual([expect.stringContaining('fairness audit aud1')]);
  });
  it('does not count a pass judged more loosely than the project policy as evidence in a high-risk project', () => {
    const lax = { ...audit('PASS'), looser: ["tau 0.5 is looser than the project's fairness policy (tau 0.8)"] };
    const high = fairnessGate(facts(lax, 'HIGH'));
    expect(high.ok).toBe(false);
    expect(high.reasons[0]).toMatch(/judged more loosely than the project's current fairness policy \(tau 0\.5/);
    expect(fairnessGate(facts(lax, 'MINIMAL'))).toMatchObject({ ok: true, reasons: [expect.stringMatching(/not counted as a pass/)] });
    // a failure under a looser policy still blocks
    expect(fairnessGate(facts({ ...audit('FAIL'), looser: lax.looser }, 'MINIMAL')).ok).toBe(false);
  });
});
