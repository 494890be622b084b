'use client';
import { useEffect, useState, type ReactNode } from 'react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

export interface NavItem {
  href: string;
  label: string;
  /** Exact match only (the overview), otherwise any sub-path counts as current. */
  exact?: boolean;
  hint?: string;
}
export interface NavGroup {
  title: string;
  items: NavItem[];
}

/** The section navigation; on narrow screens it folds behind a Menu button (with the footer). */
export function SideNav({ groups, footer }: { groups: NavGroup[]; footer?: ReactNode }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  // Navigating closes the folded menu, as a phone user expects.
  useEffect(() => setOpen(false), [pathname]);
  return (
    <>
      <button type="button" className="btn nav-toggle" aria-expanded={open} aria-controls="sidebar-menu" onClick={() => setOpen((o) => !o)}>
        {open ? 'Close menu' : 'Menu'}
      </button>
      <div id="sidebar-menu" className={open ? 'sidebar-menu open' : 'sidebar-menu'}>
        <nav aria-label="Sections" className="nav-groups">
          {groups.map((group) => (
            <div className="nav-group" key={group.title}>
              <div className="nav-group-title">{group.title}</div>
              {group.items.map((item) => {
                const current = item.exact ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`);
                return (
                  <Link key={item.href} href={item.href} className="nav-link" aria-current={current ? 'page' : undefined}>
                    <span>{item.label}</span>
                    {item.hint ? <span className="nav-hint">{item.hint}</span> : null}
                  </Link>
                );
              })}
            </div>
          ))}
        </nav>
        {footer}
      </div>
    </>
  );
}
