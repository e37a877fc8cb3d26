import { Button, Group, MultiSelect, Select, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { useMember } from '../../auth/session';
import { useFormat } from '../../locale';
import { FormError, outcome, QueryState, roleOptions, Section, danger, toast } from './common';
import { InvitationsDocument, InviteUserDocument, RevokeInvitationDocument } from './operations';

/** Invite by email (the server emails a single-use link), see and revoke pending invitations. */
export function InvitationsSection() {
  const { t } = useTranslation('access');
  const { me } = useMember();
  const format = useFormat();
  const [{ data, fetching, error }, refetch] = useQuery({ query: InvitationsDocument });
  const [{ fetching: sending }, invite] = useMutation(InviteUserDocument);
  const [, revoke] = useMutation(RevokeInvitationDocument);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string | null>('sales');
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await invite({ input: { email, role: role ?? '', teamIds } });
    const found = outcome(result, (d) => d.inviteUser, t);
    setErrors(found);
    if (Object.keys(found).length) return;
    toast({ message: t('invitations.sent', { email }), color: 'green' });
    setEmail('');
    setTeamIds([]);
    reload();
  };
  const onRevoke = async (id: string) => {
    setErrors(outcome(await revoke({ input: { id } }), (d) => d.revokeInvitation, t));
    reload();
  };

  const roles = roleOptions(data?.roles ?? [], t, { includeOwner: me.role === 'owner' });
  const roleName = (key: string) => roles.find((r) => r.value === key)?.label ?? key;
  const teams = data?.teams.edges.map((e) => ({ value: e.node.id, label: e.node.name })) ?? [];
  const pending = data?.invitations.edges.map((e) => e.node) ?? [];

  return (
    <Stack>
      <Section title={t('invitations.title')}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormError errors={errors} />
            <Group align="flex-start" wrap="wrap">
              <TextInput
                label={t('invitations.email')}
                type="email"
                required
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                error={errors.email}
                miw={240}
                style={{ flex: 1 }}
              />
              <Select label={t('invitations.role')} data={roles} value={role} onChange={setRole} error={errors.role} allowDeselect={false} w={200} />
              {teams.length > 0 && (
                <MultiSelect label={t('invitations.teams')} data={teams} value={teamIds} onChange={setTeamIds} error={errors.teamIds} w={240} />
              )}
            </Group>
            <Group>
              <Button type="submit" loading={sending}>
                {t('invitations.send')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Section>
      <Section title={t('invitations.pending')}>
        <QueryState fetching={fetching && !data} error={error} />
        {data && pending.length === 0 && <Text size="sm">{t('invitations.none')}</Text>}
        {pending.length > 0 && (
          <Table.ScrollContainer minWidth={520}>
            <Table verticalSpacing="xs" data-testid="invitations-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('invitations.email')}</Table.Th>
                  <Table.Th>{t('common.role')}</Table.Th>
                  <Table.Th>{t('invitations.expires')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {pending.map((inv) => (
                  <Table.Tr key={inv.id}>
                    <Table.Td>{inv.email}</Table.Td>
                    <Table.Td>{roleName(inv.role)}</Table.Td>
                    <Table.Td>{format.dateTime(inv.expiresAt)}</Table.Td>
                    <Table.Td>
                      <Button size="xs" {...danger} aria-label={t('invitations.revokeLabel', { email: inv.email })} onClick={() => onRevoke(inv.id)}>
                        {t('invitations.revoke')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Section>
    </Stack>
  );
}
