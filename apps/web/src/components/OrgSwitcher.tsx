'use client';
import { useEffect, useRef } from 'react';
import Link from 'next/link';
import { LABELS, type MembershipView } from '@meridian/domain';
import { initials } from './initials';

// A native <details> disclosure (keyboard-operable without script), plus Escape and click-outside
// to close it the way people expect of a menu.
export function OrgSwitcher({ memberships, current }: { memberships: MembershipView[]; current: MembershipView }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && ref.current?.open) {
        ref.current.open = false;
        ref.current.querySelector('summary')?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (ref.current?.open && !ref.current.contains(e.target as Node)) ref.current.open = false;
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('click', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('click', onClick);
    };
  }, []);
  return (
    <details className="org-switcher" ref={ref}>
      <summary aria-label={`Organisation: ${current.organizationName}. Switch organisation`}>
        <span className="avatar" aria-hidden="true">
          {initials(current.organizationName)}
        </span>
        <span className="org-switcher-label">
          <strong>{current.organizationName}</strong>
          <span>{LABELS.role[current.role]}</span>
        </span>
        <span className="chevron" aria-hidden="true">
          ▾
        </span>
      </summary>
      <ul className="org-menu" aria-label="Your organisations">
        {memberships.map((m) => (
          <li key={m.organizationId}>
            <Link onClick={() => ref.current && (ref.current.open = false)} href={`/orgs/${m.organizationId}`} aria-current={m.organizationId === current.organizationId ? 'true' : undefined}>
              <span>{m.organizationName}</span>
              <span className="muted">{LABELS.role[m.role]}</span>
            </Link>
          </li>
        ))}
        <li className="divider" role="separator" />
        <li>
          <Link href="/orgs/new">+ New organisation</Link>
        </li>
      </ul>
    </details>
  );
}
