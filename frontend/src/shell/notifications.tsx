import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

import type { ShellNotification } from '../modules/types';

interface NotificationsValue {
  items: ShellNotification[];
  unread: number;
  /** Modules (e.g. realtime subscriptions) add notifications here; newest first, 50 kept. */
  push: (item: Omit<ShellNotification, 'read' | 'at'> & { at?: Date }) => void;
  markAllRead: () => void;
}

const NotificationsContext = createContext<NotificationsValue | null>(null);

export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ShellNotification[]>([]);
  const push = useCallback<NotificationsValue['push']>((item) => {
    setItems((current) =>
      [{ ...item, at: item.at ?? new Date(), read: false }, ...current.filter((n) => n.id !== item.id)].slice(0, 50),
    );
  }, []);
  const markAllRead = useCallback(() => setItems((current) => current.map((n) => ({ ...n, read: true }))), []);
  const value = useMemo(
    () => ({ items, unread: items.filter((n) => !n.read).length, push, markAllRead }),
    [items, push, markAllRead],
  );
  return <NotificationsContext.Provider value={value}>{children}</NotificationsContext.Provider>;
}

export function useNotifications(): NotificationsValue {
  const value = useContext(NotificationsContext);
  if (!value) throw new Error('useNotifications outside NotificationsProvider');
  return value;
}
