// A button that is a real link (one tab stop, opens in a new tab with a middle click) navigating inside the app.
import type { ComponentProps } from 'react';
import { Button } from 'antd';
import { useNavigate } from 'react-router';

export function LinkButton({ to, ...props }: { to: string } & Omit<ComponentProps<typeof Button>, 'href' | 'onClick'>) {
  const navigate = useNavigate();
  return (
    <Button
      {...props}
      href={to}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(to);
      }}
    />
  );
}
