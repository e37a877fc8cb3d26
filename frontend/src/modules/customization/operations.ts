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
        field
        message
        code
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
        field
        message
        code
      }
    }
  }
`);
