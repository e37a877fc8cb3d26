import { ActionIcon, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { IconLanguage } from '../components/icons';
import { LANGUAGES, setLanguage } from '../i18n';

/** Language menu; the choice is kept in this browser. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t('language.label')} title={t('language.label')}>
          <IconLanguage />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {LANGUAGES.map((language) => (
          <Menu.Item
            key={language}
            lang={language}
            onClick={() => void setLanguage(language)}
            aria-current={i18n.language === language ? 'true' : undefined}
            fw={i18n.language === language ? 700 : undefined}
          >
            {t(`language.${language}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
