import { Button, Group, Modal, Select, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { useMember } from '../../auth/session';
import { useFormat } from '../../locale';
import { FormError, outcome, QueryState, roleOptions, Section, danger } from './common';
import { ChangeUserRoleDocument, DeactivateUserDocument, ReactivateUserDocument, UsersDocument } from './operations';
import { StatusBadge } from '../../components/StatusBadge';

interface Target {
  id: string;
  fullName: string;
  email: string;
}

/** People of the workspace: change a role, deactivate (optionally handing records over), reactivate. */
export function UsersSection() {
  const { t } = useTranslation('access');
  const { me } = useMember();
  const format = useFormat();
  const [{ data, fetching, error }, refetch] = useQuery({ query: UsersDocument });
  const [, changeRole] = useMutation(ChangeUserRoleDocument);
  const [, reactivate] = useMutation(ReactivateUserDocument);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [deactivating, setDeactivating] = useState<Target | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const members = data?.users.edges.map((e) => e.node) ?? [];
  const options = roleOptions(data?.roles ?? [], t, { includeOwner: me.role === 'owner' });

  const onRole = async (memberId: string, role: string | null) => {
    if (!role) return;
    const result = await changeRole({ input: { memberId, role } });
    setErrors(outcome(result, (d) => d.changeUserRole, t));
    reload();
  };
  const onReactivate = async (memberId: string) => {
    setErrors(outcome(await reactivate({ input: { memberId } }), (d) => d.reactivateUser, t));
    reload();
  };

  return (
    <Section title={t('users.title')} actions={data && <Text size="sm">{t('users.count', { count: data.users.totalCount ?? members.length })}</Text>}>
      <QueryState fetching={fetching && !data} error={error} />
      <FormError errors={errors} />
      {errors.role && (
        <Text c="red.8" size="sm" role="alert">
          {errors.role}
        </Text>
      )}
      {data && (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" data-testid="users-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.name')}</Table.Th>
                <Table.Th>{t('users.email')}</Table.Th>
                <Table.Th>{t('common.role')}</Table.Th>
                <Table.Th>{t('users.status')}</Table.Th>
                <Table.Th>{t('common.created')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {members.map((m) => {
                const self = m.email === me.email;
                const name = m.fullName || m.email;
                return (
                  <Table.Tr key={m.id} data-testid={`member-${m.email}`}>
                    <Table.Td>
                      {name}
                      {self && <Text span c="dimmed" size="sm">{` (${t('users.you')})`}</Text>}
                    </Table.Td>
                    <Table.Td>{m.email}</Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={t('users.roleOf', { name })}
                        size="xs"
                        data={options.some((o) => o.value === m.role) ? options : [...options, { value: m.role, label: m.roleName }]}
                        value={m.role}
                        onChange={(value) => onRole(m.id, value)}
                        disabled={self || !m.isActive}
                        allowDeselect={false}
                        w={170}
                      />
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge variant="outline" tone={m.isActive ? 'positive' : 'neutral'}>
                        {m.isActive ? t('users.active') : t('users.inactive')}
                      </StatusBadge>
                    </Table.Td>
                    <Table.Td>{format.date(m.createdAt)}</Table.Td>
                    <Table.Td>
                      {!self &&
                        (m.isActive ? (
                          <Button size="xs" {...danger} onClick={() => setDeactivating({ id: m.id, fullName: name, email: m.email })}>
                            {t('users.deactivate')}
                          </Button>
                        ) : (
                          <Button size="xs" variant="subtle" onClick={() => onReactivate(m.id)}>
                            {t('users.reactivate')}
                          </Button>
                        ))}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {deactivating && (
        <DeactivateDialog
          target={deactivating}
          others={members.filter((m) => m.isActive && m.id !== deactivating.id).map((m) => ({ value: m.id, label: m.fullName || m.email }))}
          onClose={(changed) => {
            setDeactivating(null);
            if (changed) reload();
          }}
        />
      )}
    </Section>
  );
}

function DeactivateDialog({
  target,
  others,
  onClose,
}: {
  target: Target;
  others: { value: string; label: string }[];
  onClose: (changed: boolean) => void;
}) {
  const { t } = useTranslation('access');
  const [reassignTo, setReassignTo] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [{ fetching }, deactivate] = useMutation(DeactivateUserDocument);
  const submit = async () => {
    const result = await deactivate({ input: { memberId: target.id, reassignToMemberId: reassignTo } });
    const found = outcome(result, (d) => d.deactivateUser, t);
    setErrors(found);
    if (!Object.keys(found).length) onClose(true);
  };
  return (
    <Modal opened closeButtonProps={{ 'aria-label': t('common.cancel') }} onClose={() => onClose(false)} title={t('users.deactivateTitle', { name: target.fullName })}>
      <Stack>
        <Text size="sm">{t('users.deactivateText')}</Text>
        <FormError errors={errors} />
        <Select
          label={t('users.reassignTo')}
          placeholder={t('users.nobody')}
          data={others}
          value={reassignTo}
          onChange={setReassignTo}
          clearable
          error={errors.reassignToMemberId}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onClose(false)}>
            {t('common.cancel')}
          </Button>
          <Button color="red.9" loading={fetching} onClick={submit}>
            {t('users.deactivate')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
