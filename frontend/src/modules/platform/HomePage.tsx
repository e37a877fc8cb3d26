import { Grid, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { registry } from '..';

/** The home dashboard: every module's widgets, in order. */
export function HomePage() {
  const { t } = useTranslation();
  return (
    <>
      <Title order={1} size="h2" mb="md">
        {t('home.title')}
      </Title>
      <Grid>
        {registry.dashboardWidgets.map(({ id, span = 6, component: Widget }) => (
          <Grid.Col key={id} span={{ base: 12, md: span }}>
            <Widget />
          </Grid.Col>
        ))}
      </Grid>
    </>
  );
}
