import { Button, Group, Menu, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A list page's heading: its title, the "new" button and, when `exportUrl` is given (the role may
 * export), the menu that downloads the whole list as the server writes it, CSV or XLSX.
 */
export function ListHeader({
  title,
  newLabel,
  onNew,
  exportUrl,
}: {
  title: string;
  newLabel?: string;
  onNew?: () => void;
  exportUrl?: (format: 'csv' | 'xlsx') => string;
}) {
  const { t } = useTranslation('common');
  return (
    <Group justify="space-between">
      <Title order={1} size="h2">
        {title}
      </Title>
      <Group>
        {onNew && newLabel && (
          <Button size="xs" onClick={onNew}>
            {newLabel}
          </Button>
        )}
        {exportUrl && (
          <Menu>
            <Menu.Target>
              <Button variant="default" size="xs" data-testid="export">
                {t('list.export')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item component="a" href={exportUrl('csv')}>
                CSV
              </Menu.Item>
              <Menu.Item component="a" href={exportUrl('xlsx')}>
                XLSX
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
    </Group>
  );
}
