'use client';
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

export function SideNav({ groups }: { groups: NavGroup[] }) {
  const pathname = usePathname();
  return (
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
  );
}
