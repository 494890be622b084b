import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EmptyState, PageHeader } from '../../../../components/ui';
import { upcomingSection } from '../../../../lib/sections';
import { requireMembership } from '../../../../lib/server-api';

// Sections whose features have not shipped yet. When a feature lands it adds its own static route
// (e.g. app/orgs/[orgId]/datasets/page.tsx), which takes precedence over this dynamic segment.
export async function generateMetadata({ params }: { params: Promise<{ section: string }> }): Promise<Metadata> {
  const { section } = await params;
  return { title: upcomingSection(section)?.title ?? 'Not found' };
}

export default async function SectionPage({ params }: { params: Promise<{ orgId: string; section: string }> }) {
  const { orgId, section } = await params;
  const info = upcomingSection(section);
  if (!info) notFound();
  await requireMembership(orgId);
  return (
    <>
      <PageHeader title={info.title} description={info.summary} />
      <section className="card">
        <EmptyState
          icon={info.title[0]}
          title={`No ${info.title.toLowerCase()} yet`}
          action={
            <Link className="btn" href={`/orgs/${orgId}/projects`}>
              Go to projects
            </Link>
          }
        >
          <p>
            Nothing has been recorded here for this organisation. This version of Meridian does not yet create {info.title.toLowerCase()}; the section
            fills once that feature is enabled. It will show:
          </p>
          <ul>
            {info.fillsWith.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </EmptyState>
      </section>
    </>
  );
}
