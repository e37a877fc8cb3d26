import { graphql } from '../../gql/tenant';

export const FieldDefinitionsDocument = graphql(`
  query CustomizationFieldDefinitions($type: String!) {
    customFieldDefinitions(type: $type) {
      id
      key
      label
      type
      required
      unique
      sensitive
      choices
      picklist
      group
      position
    }
  }
`);

export const DefineFieldDocument = graphql(`
  mutation CustomizationDefineField($input: DefineCustomFieldInput!) {
    defineCustomField(input: $input) {
      customFieldDefinition {
        id
        key
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteFieldDocument = graphql(`
  mutation CustomizationDeleteField($input: CustomFieldIdInput!) {
    deleteCustomField(input: $input) {
      customFieldDefinition {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const PicklistsDocument = graphql(`
  query CustomizationPicklists {
    picklists {
      key
      label
      declared
      values {
        value
        label
        colour
        position
        deprecated
      }
    }
  }
`);

export const DefinePicklistDocument = graphql(`
  mutation CustomizationDefinePicklist($input: DefinePicklistInput!) {
    definePicklist(input: $input) {
      picklist {
        key
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdatePicklistDocument = graphql(`
  mutation CustomizationUpdatePicklist($input: UpdatePicklistInput!) {
    updatePicklist(input: $input) {
      picklist {
        key
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const WorkspaceProfileDocument = graphql(`
  query CustomizationWorkspaceProfile {
    currentTenant {
      currency
      legalName
      address
      website
      fiscalYearStartMonth
      brandColour
      logoUrl
      exchangeRates {
        currency
        rate
      }
    }
  }
`);

export const UpdateWorkspaceProfileDocument = graphql(`
  mutation CustomizationUpdateWorkspaceProfile($input: UpdateWorkspaceInput!) {
    updateWorkspace(input: $input) {
      tenant {
        legalName
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RecordLayoutDocument = graphql(`
  query CustomizationRecordLayout($type: String!, $role: String) {
    recordLayout(type: $type, role: $role) {
      role
      available
      fields {
        field
        hidden
        group
      }
      groups
    }
  }
`);

export const SetRecordLayoutDocument = graphql(`
  mutation CustomizationSetRecordLayout($input: SetRecordLayoutInput!) {
    setRecordLayout(input: $input) {
      recordLayout {
        role
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const LayoutRolesDocument = graphql(`
  query CustomizationLayoutRoles {
    roles {
      key
      name
      isBuiltIn
    }
  }
`);
