import { useEffect, useMemo } from 'react';
import { useQuery } from 'urql';

import { graphql } from '../../gql/tenant';
import type { MyRoleAccessQuery } from '../../gql/tenant/graphql';
import { loadRole, saveRole } from '../../offline/session';

export const MyRoleDocument = graphql(`
  query MyRoleAccess {
    myRole {
      key
      permissions {
        recordType
        action
        scope
      }
      fieldRules {
        recordType
        field
        rule
      }
    }
  }
`);

/** `creditLimit` → `credit_limit`: field rules name the model's fields. */
export const snakeCase = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export interface FieldAccess {
  /** Still loading the role: show nothing editable yet. */
  loading: boolean;
  /** The role may update records of this type at all (in some scope). */
  canUpdate: boolean;
  /** The role may create records of this type (in some scope). */
  canCreate: boolean;
  /** The role may read records of this type (in some scope). */
  canRead: boolean;
  canDelete: boolean;
  canExport: boolean;
  hidden: (field: string) => boolean;
  /** Hidden, read-only by a field rule, or no update right: shown but not editable. */
  readOnly: (field: string) => boolean;
}

/**
 * What the signed-in member's role lets them see and change on a record type (`Company`, …),
 * from `myRole`. The server enforces the same rules; this only keeps the page from offering
 * what would be refused. A record outside the member's scope still fails on save, with the
 * server's typed error shown next to the field.
 */
export function useFieldAccess(recordType: string): FieldAccess {
  const [{ data: answered, error }] = useQuery({ query: MyRoleDocument });
  useEffect(() => {
    if (answered?.myRole) saveRole(answered.myRole);
  }, [answered]);
  const unreachable = Boolean(error?.networkError);
  return useMemo(() => {
    // Offline (a page reloaded with no network): the role as the server last told it on this device.
    const role = answered?.myRole ?? (unreachable ? loadRole<MyRoleAccessQuery['myRole']>() : null);
    const scopeOf = (action: string) => {
      const own = role?.permissions.find((p) => p.recordType === recordType && p.action === action);
      const any = role?.permissions.find((p) => p.recordType === '*' && p.action === action);
      return (own ?? any)?.scope ?? 'NONE';
    };
    const rules = new Map((role?.fieldRules ?? []).filter((r) => r.recordType === recordType).map((r) => [r.field, r.rule]));
    const canUpdate = scopeOf('UPDATE') !== 'NONE';
    const hidden = (field: string) => rules.get(snakeCase(field)) === 'HIDDEN';
    return {
      loading: !role,
      canUpdate,
      canCreate: scopeOf('CREATE') !== 'NONE',
      canRead: scopeOf('READ') !== 'NONE',
      canDelete: scopeOf('DELETE') !== 'NONE',
      canExport: scopeOf('EXPORT') !== 'NONE',
      hidden,
      readOnly: (field: string) => !role || !canUpdate || hidden(field) || rules.get(snakeCase(field)) === 'READ_ONLY',
    };
  }, [answered, unreachable, recordType]);
}
