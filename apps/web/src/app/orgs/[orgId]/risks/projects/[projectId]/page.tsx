import type { Metadata } from 'next';
import { COMPLIANCE_FRAMEWORKS, RISK_LABELS, roleAtLeast } from '@meridian/domain';
import { PageHeader } from '../../../../../../components/ui';
import { ChecklistRow, TierForm } from '../../../../../../components/risks/Governance';
import { FairnessPolicyForm } from '../../../../../../components/audits/FairnessPolicyForm';
import { load, requireMembership } from '../../../../../../lib/server-api';

export const metadata: Metadata = { title: 'Compliance' };

export default async function GovernancePage({ params }: { params: Promise<{ orgId: string; projectId: string }> }) {
  const { orgId, projectId } = await params;
  const { membership } = await requireMembership(orgId);
  const [gov, members, policy] = await Promise.all([load((api) => api.governance.get(orgId, projectId)), load((api) => api.members.list(orgId)), load((api) => api.fairnessAudits.getPolicy(orgId, projectId))]);
  const canWrite = roleAtLeast(membership.role, 'MEMBER');
  const people = members.map((m) => ({ userId: m.userId, name: m.name }));
  return (
    <>
      <PageHeader
        title={`${gov.projectName}: AI Act and compliance`}
        crumbs={[{ href: `/orgs/${orgId}/risks`, label: 'Risks' }]}
        description="The project's EU AI Act tier with the obligations it brings, its fairness policy, and the GDPR, CCPA, IP and licence, export-control and data-sharing checklist. Summaries are working notes, not legal advice."
      />
      <div className="stack">
        <section className="card card-body" aria-label="AI Act tier">
          <TierForm orgId={orgId} gov={gov} canWrite={canWrite} />
          {gov.tierInfo ? (
            <p>
              <strong>{gov.tierInfo.title}.</strong> {gov.tierInfo.summary} <span className="muted">Examples: {gov.tierInfo.examples}</span>
            </p>
          ) : (
            <p className="muted">Classify the project to get its AI Act obligations as a checklist.</p>
          )}
          {gov.blocksDeployment ? (
            <div className="alert alert-error" role="alert">
              A prohibited practice (Art. 5): no model of this project can be promoted to production.
            </div>
          ) : null}
        </section>
        <section className="card card-body" aria-label="Fairness policy">
          <FairnessPolicyForm orgId={orgId} policy={policy} canEdit={membership.role === 'OWNER' || membership.role === 'ADMIN'} />
        </section>
        {gov.checklist.length ? (
          <section className="card" aria-label="Checklist">
            <div className="card-header">
              <h2>
                Checklist · {gov.summary.done}/{gov.summary.applicable} done ({gov.summary.percentDone}%)
              </h2>
              {gov.summary.unowned.length ? <span className="muted">{gov.summary.unowned.length} without an owner</span> : null}
            </div>
            {COMPLIANCE_FRAMEWORKS.filter((f) => gov.checklist.some((i) => i.framework === f)).map((f) => (
              <div key={f} className="table-wrap">
                <table>
                  <caption style={{ textAlign: 'left', fontWeight: 600, padding: '0.5rem' }}>{RISK_LABELS.framework[f]}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Obligation</th>
                      <th scope="col">Status</th>
                      <th scope="col">Owner</th>
                      <th scope="col">Evidence</th>
                    </tr>
                  </thead>
                  <tbody>
                    {gov.checklist
                      .filter((i) => i.framework === f)
                      .map((i) => (
                        <ChecklistRow key={i.id} orgId={orgId} projectId={projectId} item={i} members={people} canWrite={canWrite} />
                      ))}
                  </tbody>
                </table>
              </div>
            ))}
          </section>
        ) : null}
      </div>
    </>
  );
}
