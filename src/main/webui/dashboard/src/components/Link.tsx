import { useContext, type MouseEvent, type ReactNode } from 'react';
import { NavigateContext } from '../navigation';

/** Navigation inside the app: a real link (keyboard, new tab) that changes the page without a reload. */
export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const navigate = useContext(NavigateContext);
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={onClick} className={className}>{children}</a>;
}
