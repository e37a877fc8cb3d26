import { Badge, Button, Group, Modal, Select, Stack, Table, Text, Textarea, TextInput, VisuallyHidden } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import type { AccessRolesQuery, FieldRuleKind, PermissionScope, RecordAction } from '../../gql/tenant/graphql';
import { FormError, outcome, QueryState, Section, danger } from './common';
import { CreateRoleDocument, DeleteRoleDocument, RolesDocument, UpdateRoleDocument } from './operations';

type Role = AccessRolesQuery['roles'][number];
export const ACTIONS: RecordAction[] = ['CREATE', 'READ', 'UPDATE', 'DELETE', 'EXPORT'];
const SCOPES: PermissionScope[] = ['NONE', 'OWN', 'TEAM', 'ALL'];
/** A grant per "recordType|action"; absent on a record type means "as for every type" (`*`). */
export type Grants = Record<string, PermissionScope>;

export function grantsOf(role: Pick<Role, 'permissions'>): Grants {
  return Object.fromEntries(role.permissions.map((p) => [`${p.recordType}|${p.action}`, p.scope]));
}

export function permissionsOf(grants: Grants) {
  return Object.entries(grants).map(([key, scope]) => {
    const [recordType, action] = key.split('|');
    return { recordType, action: action as RecordAction, scope };
  });
}

/** A rule per "recordType|field"; absent means visible and editable (a custom role's default). */
export type FieldRules = Record<string, FieldRuleKind>;
const RULES: FieldRuleKind[] = ['READ_ONLY', 'HIDDEN'];

export function fieldRulesOf(role: Pick<Role, 'fieldRules'>): FieldRules {
  return Object.fromEntries(role.fieldRules.map((r) => [`${r.recordType}|${r.field}`, r.rule]));
}

export function fieldRuleInputsOf(rules: FieldRules) {
  return Object.entries(rules).map(([key, rule]) => {
    const [recordType, field] = key.split('|');
    return { recordType, field, rule };
  });
}

/**
 * The sensitive fields per record type ("recordType|field", sorted): the built-in roles list a
 * rule for each of them (sales: read-only, marketing: hidden…), custom roles for those they set.
 */
export function sensitiveFieldsOf(roles: readonly Pick<Role, 'fieldRules'>[]): string[] {
  const fields = new Set<string>();
  for (const role of roles) for (const r of role.fieldRules) fields.add(`${r.recordType}|${r.field}`);
  return [...fields].sort();
}

/** Every record type the server knows of (built-in roles list their scopes per registered type). */
export function recordTypesOf(roles: readonly Role[]): string[] {
  const types = new Set<string>();
  for (const role of roles) for (const p of role.permissions) if (p.recordType !== '*') types.add(p.recordType);
  return ['*', ...[...types].sort()];
}

/** Built-in roles (read-only) and the workspace's custom roles with per-record-type grants. */
export function RolesSection() {
  const { t } = useTranslation('access');
  const [{ data, fetching, error }, refetch] = useQuery({ query: RolesDocument });
  const [, deleteRole] = useMutation(DeleteRoleDocument);
  const [editing, setEditing] = useState<Role | 'new' | null>(null);
  const [viewing, setViewing] = useState<Role | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const roles = data?.roles ?? [];
  const types = recordTypesOf(roles);
  const fields = sensitiveFieldsOf(roles);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const label = (r: Role) => (r.isBuiltIn ? t(`common:roles.${r.key}`, { defaultValue: r.name }) : r.name);

  const onDelete = async (key: string) => {
    setErrors(outcome(await deleteRole({ input: { key } }), (d) => d.deleteRole, t));
    reload();
  };

  return (
    <Section title={t('roles.title')} actions={<Button onClick={() => setEditing('new')}>{t('roles.new')}</Button>}>
      <QueryState fetching={fetching && !data} error={error} />
      <FormError errors={errors} />
      {data && (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="xs" data-testid="roles-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('common.name')}</Table.Th>
                <Table.Th>{t('common.description')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {roles.map((r) => (
                <Table.Tr key={r.key}>
                  <Table.Td>
                    <Group gap="xs">
                      {label(r)}
                      <Badge variant="outline" color={r.isBuiltIn ? 'gray.7' : 'blue.8'}>
                        {r.isBuiltIn ? t('roles.builtIn') : t('roles.custom')}
                      </Badge>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.isBuiltIn ? t(`common:roleDescriptions.${r.key}`, { defaultValue: r.description }) : r.description}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {r.isBuiltIn ? (
                        <Button size="xs" variant="subtle" onClick={() => setViewing(r)}>
                          {t('roles.view')}
                        </Button>
                      ) : (
                        <>
                          <Button size="xs" variant="subtle" onClick={() => setEditing(r)}>
                            {t('roles.edit')}
                          </Button>
                          <Button size="xs" {...danger} aria-label={t('roles.deleteLabel', { name: r.name })} onClick={() => onDelete(r.key)}>
                            {t('common.delete')}
                          </Button>
                        </>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {viewing && (
        <Modal opened closeButtonProps={{ 'aria-label': t('common.cancel') }} size="lg" onClose={() => setViewing(null)} title={t('roles.viewTitle', { name: label(viewing) })}>
          <Stack>
            <GrantsGrid types={types} grants={grantsOf(viewing)} readOnly />
            <FieldRulesGrid fields={fields} rules={fieldRulesOf(viewing)} readOnly />
          </Stack>
        </Modal>
      )}
      {editing && (
        <RoleEditor
          role={editing === 'new' ? null : editing}
          types={types}
          fields={fields}
          onClose={(changed) => {
            setEditing(null);
            if (changed) reload();
          }}
        />
      )}
    </Section>
  );
}

export function GrantsGrid({
  types,
  grants,
  onChange,
  readOnly = false,
}: {
  types: string[];
  grants: Grants;
  onChange?: (grants: Grants) => void;
  readOnly?: boolean;
}) {
  const { t } = useTranslation('access');
  const typeLabel = (type: string) => (type === '*' ? t('roles.allTypes') : t(`common:recordTypes.${type}`, { defaultValue: type }));
  const scopeData = (type: string) => [
    ...(type === '*' ? [] : [{ value: '', label: '—' }]),
    ...SCOPES.map((s) => ({ value: s, label: t(`roles.scope.${s}`) })),
  ];
  return (
    <Table.ScrollContainer minWidth={620}>
      <Table verticalSpacing={4} data-testid="grants-grid">
        <Table.Caption>{t('roles.grants')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('roles.recordType')}</Table.Th>
            {ACTIONS.map((a) => (
              <Table.Th key={a}>{t(`roles.action.${a}`)}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {types.map((type) => (
            <Table.Tr key={type}>
              <Table.Th scope="row">{typeLabel(type)}</Table.Th>
              {ACTIONS.map((action) => {
                const key = `${type}|${action}`;
                const value = grants[key] ?? (type === '*' ? 'NONE' : '');
                return (
                  <Table.Td key={action}>
                    {readOnly ? (
                      <Text size="sm">{value ? t(`roles.scope.${value}`) : '—'}</Text>
                    ) : (
                      <Select
                        size="xs"
                        w={96}
                        aria-label={t('roles.scopeOf', { action: t(`roles.action.${action}`), type: typeLabel(type) })}
                        data={scopeData(type)}
                        value={value}
                        allowDeselect={false}
                        onChange={(next) => onChange?.(withChoice(grants, key, next as PermissionScope | null))}
                      />
                    )}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Per sensitive field of each record type: visible (the default), read-only or hidden. */
export function FieldRulesGrid({
  fields,
  rules,
  onChange,
  readOnly = false,
}: {
  fields: string[];
  rules: FieldRules;
  onChange?: (rules: FieldRules) => void;
  readOnly?: boolean;
}) {
  const { t } = useTranslation('access');
  const hint = useId();
  const ruleData = [{ value: '', label: t('roles.ruleKind.VISIBLE') }, ...RULES.map((r) => ({ value: r, label: t(`roles.ruleKind.${r}`) }))];
  if (!fields.length) return null;
  return (
    <Stack gap={4}>
      <Table.ScrollContainer minWidth={420}>
        <Table verticalSpacing={4} data-testid="field-rules" aria-describedby={hint}>
          <Table.Caption>{t('roles.fieldRules')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('roles.recordType')}</Table.Th>
              <Table.Th>{t('roles.field')}</Table.Th>
              <Table.Th>{t('roles.rule')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {fields.map((key) => {
              const [recordType, field] = key.split('|');
              const type = t(`common:recordTypes.${recordType}`, { defaultValue: recordType });
              const name = t(`roles.fieldName.${field}`, { defaultValue: field.replace(/_/g, ' ') });
              const value = rules[key] ?? '';
              return (
                <Table.Tr key={key}>
                  <Table.Td>{type}</Table.Td>
                  <Table.Th scope="row" fw={400}>
                    {name}
                  </Table.Th>
                  <Table.Td>
                    {readOnly ? (
                      <Text size="sm">{t(`roles.ruleKind.${value || 'VISIBLE'}`)}</Text>
                    ) : (
                      <Select
                        size="xs"
                        w={180}
                        aria-label={t('roles.ruleOf', { type, field: name })}
                        data={ruleData}
                        value={value}
                        allowDeselect={false}
                        onChange={(next) => onChange?.(withChoice(rules, key, next as FieldRuleKind | null))}
                      />
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text id={hint} size="xs" c="dimmed">
        {t('roles.fieldRulesHint')}
      </Text>
    </Stack>
  );
}


/** `map` with `key` set to `next`, or without `key` when the choice is cleared. */
function withChoice<T>(map: Record<string, T>, key: string, next: T | null): Record<string, T> {
  const updated = { ...map };
  if (next) updated[key] = next;
  else delete updated[key];
  return updated;
}

function RoleEditor({
  role,
  types,
  fields,
  onClose,
}: {
  role: Role | null;
  types: string[];
  fields: string[];
  onClose: (changed: boolean) => void;
}) {
  const { t } = useTranslation('access');
  const [name, setName] = useState(role?.name ?? '');
  const [description, setDescription] = useState(role?.description ?? '');
  const [grants, setGrants] = useState<Grants>(role ? grantsOf(role) : { '*|READ': 'ALL' });
  const [rules, setRules] = useState<FieldRules>(role ? fieldRulesOf(role) : {});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [{ fetching: creating }, create] = useMutation(CreateRoleDocument);
  const [{ fetching: updating }, update] = useMutation(UpdateRoleDocument);

  const save = async () => {
    const permissions = permissionsOf(grants);
    const fieldRules = fieldRuleInputsOf(rules);
    const found = role
      ? outcome(await update({ input: { key: role.key, name, description, permissions, fieldRules } }), (d) => d.updateRole, t)
      : outcome(await create({ input: { name, description, permissions, fieldRules } }), (d) => d.createRole, t);
    setErrors(found);
    if (!Object.keys(found).length) onClose(true);
  };

  return (
    <Modal opened closeButtonProps={{ 'aria-label': t('common.cancel') }} size="xl" onClose={() => onClose(false)} title={role ? t('roles.editTitle', { name: role.name }) : t('roles.newTitle')}>
      <Stack>
        <FormError errors={errors} />
        <TextInput label={t('common.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-autofocus />
        <Textarea label={t('common.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={errors.description} autosize minRows={1} />
        <GrantsGrid types={types} grants={grants} onChange={setGrants} />
        {errors.permissions && (
          <Text c="red.8" size="sm" role="alert">
            {errors.permissions}
          </Text>
        )}
        <FieldRulesGrid fields={[...new Set([...fields, ...Object.keys(rules)])].sort()} rules={rules} onChange={setRules} />
        {errors.fieldRules && (
          <Text c="red.8" size="sm" role="alert">
            {errors.fieldRules}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onClose(false)}>
            {t('common.cancel')}
          </Button>
          <Button onClick={save} loading={creating || updating}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
