import { Badge, Button, CloseButton, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { FormError, outcome, QueryState, Section, danger } from './common';
import { AddTeamMemberDocument, CreateTeamDocument, DeleteTeamDocument, RemoveTeamMemberDocument, TeamsDocument } from './operations';

/** Teams (departments) and who sits in them; managers marked. */
export function TeamsSection() {
  const { t } = useTranslation('access');
  const [{ data, fetching, error }, refetch] = useQuery({ query: TeamsDocument });
  const [{ fetching: creating }, createTeam] = useMutation(CreateTeamDocument);
  const [, deleteTeam] = useMutation(DeleteTeamDocument);
  const [, addMember] = useMutation(AddTeamMemberDocument);
  const [, removeMember] = useMutation(RemoveTeamMemberDocument);
  const [name, setName] = useState('');
  const [picked, setPicked] = useState<Record<string, string | null>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const found = outcome(await createTeam({ input: { name } }), (d) => d.createTeam, t);
    setErrors(found);
    if (!Object.keys(found).length) {
      setName('');
      reload();
    }
  };
  const run = async (promise: Promise<Record<string, string>>) => {
    setErrors(await promise);
    reload();
  };

  const teams = data?.teams.edges.map((e) => e.node) ?? [];
  const people = data?.users.edges.map((e) => e.node).filter((m) => m.isActive) ?? [];

  return (
    <Section title={t('teams.title')}>
      <Stack>
        <form onSubmit={create} noValidate>
          <Group align="flex-end">
            <TextInput label={t('common.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
            <Button type="submit" loading={creating}>
              {t('teams.new')}
            </Button>
          </Group>
        </form>
        <FormError errors={errors} />
        <QueryState fetching={fetching && !data} error={error} />
        {data && teams.length === 0 && <Text size="sm">{t('teams.none')}</Text>}
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {teams.map((team) => {
            const seated = new Set(team.members.map((s) => s.userId));
            const candidates = people.filter((p) => !seated.has(p.userId)).map((p) => ({ value: p.id, label: p.fullName || p.email }));
            return (
              <Paper key={team.id} withBorder p="sm" radius="md" data-testid={`team-${team.name}`}>
                <Group justify="space-between" mb="xs">
                  <Title order={3} size="h5">
                    {team.name}
                  </Title>
                  <Button
                    size="xs"
                    {...danger}
                    aria-label={t('teams.deleteLabel', { name: team.name })}
                    onClick={() => run(deleteTeam({ input: { id: team.id } }).then((r) => outcome(r, (d) => d.deleteTeam, t)))}
                  >
                    {t('common.delete')}
                  </Button>
                </Group>
                <Stack gap={4} mb="xs">
                  {team.members.map((seat) => {
                    const who = seat.member?.fullName || seat.member?.email || String(seat.userId);
                    return (
                      <Group key={seat.userId} justify="space-between" wrap="nowrap">
                        <Text size="sm">
                          {who}{' '}
                          {seat.isManager && (
                            <Badge size="xs" variant="outline" color="blue.8">
                              {t('teams.manager')}
                            </Badge>
                          )}
                        </Text>
                        {seat.member && (
                          <CloseButton
                            size="sm"
                            aria-label={t('teams.remove', { name: who, team: team.name })}
                            onClick={() =>
                              run(
                                removeMember({ input: { teamId: team.id, memberId: seat.member!.id } }).then((r) => outcome(r, (d) => d.removeTeamMember, t)),
                              )
                            }
                          />
                        )}
                      </Group>
                    );
                  })}
                </Stack>
                {candidates.length > 0 && (
                  <Group gap="xs" align="flex-end">
                    <Select
                      size="xs"
                      aria-label={t('teams.addMember', { team: team.name })}
                      placeholder={t('teams.addMember', { team: team.name })}
                      data={candidates}
                      value={picked[team.id] ?? null}
                      onChange={(value) => setPicked({ ...picked, [team.id]: value })}
                      style={{ flex: 1 }}
                    />
                    <Button
                      size="xs"
                      disabled={!picked[team.id]}
                      onClick={() => {
                        const memberId = picked[team.id]!;
                        setPicked({ ...picked, [team.id]: null });
                        void run(addMember({ input: { teamId: team.id, memberId } }).then((r) => outcome(r, (d) => d.addTeamMember, t)));
                      }}
                    >
                      {t('teams.add')}
                    </Button>
                  </Group>
                )}
              </Paper>
            );
          })}
        </SimpleGrid>
      </Stack>
    </Section>
  );
}
