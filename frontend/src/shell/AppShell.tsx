import { ActionIcon, AppShell as MantineAppShell, Burger, Group, NavLink, ScrollArea, Text } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';

import { useMember } from '../auth/session';
import { CommandMenuButton, KeyboardShortcuts } from '../components/command/KeyboardShortcuts';
import { IconSearch } from '../components/icons';
import { visibleNav } from '../modules/registry';
import { registry } from '../modules';
import { LiveNotifications } from '../live/live';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationsButton } from './NotificationsButton';
import { OfflineSync } from '../offline/OfflineSync';
import { OfflineBanner } from './OfflineBanner';
import { SearchBox } from './SearchBox';
import { UserMenu } from './UserMenu';

/** The signed-in workspace frame: header (search, notifications, language, account), navigation, page. */
export function AppShell() {
  const { t } = useTranslation();
  const { me, tenant } = useMember();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const nav = visibleNav(registry.nav, me.role);
  // On phones the folded navigation is only slid off-screen: hide it from keyboard and screen readers too.
  const phone = useMediaQuery('(max-width: 48em)');
  const navHidden = Boolean(phone) && !opened;
  return (
    <MantineAppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <LiveNotifications />
      <OfflineSync types={registry.offline} />
      <KeyboardShortcuts role={me.role} pages={registry.nav} settings={registry.settingsSections} commands={registry.commands} search={registry.search} />
      <a href="#main" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <MantineAppShell.Header style={tenant.brandColour ? { borderTop: `4px solid ${tenant.brandColour}` } : undefined} data-testid="shell-header">
        <Group h="100%" px="md" gap="sm" wrap="nowrap">
          <Burger
            opened={opened}
            onClick={toggle}
            hiddenFrom="sm"
            size="sm"
            aria-label={opened ? t('nav.closeMenu') : t('nav.openMenu')}
            aria-expanded={opened}
            aria-controls="main-navigation"
          />
          {tenant.logoUrl && <img src={tenant.logoUrl} alt="" height={32} style={{ maxWidth: 96, objectFit: 'contain' }} data-testid="workspace-logo" />}
          <Text component={Link} to="/" fw={700} size="lg" truncate="end" maw={{ base: 140, sm: 220 }} data-testid="company-name">
            {tenant.name}
          </Text>
          <Group flex={1} justify="center" visibleFrom="sm" px="md">
            <div style={{ width: '100%', maxWidth: 480 }}>
              <SearchBox />
            </div>
          </Group>
          <Group gap={4} ml="auto" wrap="nowrap">
            <ActionIcon component={Link} to="/search" variant="subtle" color="gray" size="lg" hiddenFrom="sm" aria-label={t('search.label')}>
              <IconSearch />
            </ActionIcon>
            <CommandMenuButton />
            <NotificationsButton />
            <LanguageSwitch />
            <UserMenu />
          </Group>
        </Group>
      </MantineAppShell.Header>
      <MantineAppShell.Navbar
        p="xs"
        id="main-navigation"
        aria-label={t('nav.main')}
        component="nav"
        style={navHidden ? { visibility: 'hidden' } : undefined}
      >
        <ScrollArea>
          {nav.map((item) => {
            const Icon = item.icon;
            const active = item.to === '/' ? location.pathname === '/' : location.pathname.startsWith(item.to);
            return (
              <NavLink
                key={item.to}
                component={RouterNavLink}
                to={item.to}
                label={t(item.label)}
                leftSection={Icon ? <Icon size={18} /> : undefined}
                active={active}
                variant="filled"
                aria-current={active ? 'page' : undefined}
                onClick={close}
              />
            );
          })}
        </ScrollArea>
      </MantineAppShell.Navbar>
      <MantineAppShell.Main id="main" tabIndex={-1}>
        <OfflineBanner />
        {registry.banners.map(({ id, component: Banner }) => (
          <Banner key={id} />
        ))}
        <Outlet />
      </MantineAppShell.Main>
    </MantineAppShell>
  );
}
