import { graphql } from '../../gql/tenant';

export const EntitlementRowFragment = graphql(`
  fragment EntitlementRow on Entitlement {
    id
    name
    kind
    status
    allowance
    used
    remaining
    startDate
    endDate
    channels
    company {
      id
      name
    }
    owner {
      id
      fullName
    }
  }
`);

export const EntitlementsDocument = graphql(`
  query Entitlements($first: Int!, $after: String, $filter: EntitlementFilter, $orderBy: [EntitlementOrder!], $search: String, $withCustomFields: Boolean! = false) {
    entitlements(first: $first, after: $after, filter: $filter, orderBy: $orderBy, search: $search) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...EntitlementRow
          customFields @include(if: $withCustomFields) {
            key
            value
          }
        }
      }
    }
  }
`);

export const EntitlementOptionsDocument = graphql(`
  query EntitlementOptions {
    users(first: 100) {
      edges {
        node {
          id
          userId
          email
          fullName
          isActive
        }
      }
    }
    companies(first: 100, orderBy: [{ name: ASC }]) {
      edges {
        node {
          id
          name
        }
      }
    }
    slaPolicies(first: 20) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const EntitlementDocument = graphql(`
  query Entitlement($id: ID!, $withCustomFields: Boolean! = false) {
    node(id: $id) {
      __typename
      ... on Entitlement {
        customFields @include(if: $withCustomFields) {
          key
          value
        }
        ...EntitlementRow
        ticketCount
        deletedAt
        contact {
          id
          fullName
        }
        contract {
          id
          number
          title
        }
        slaPolicy {
          id
          name
        }
        usage {
          id
          kind
          amount
          at
          note
          by {
            id
            fullName
          }
          ticket {
            id
            subject
          }
        }
        history(first: 50) {
          edges {
            node {
              id
              createdAt
              actorName
              action
              changes
            }
          }
        }
      }
    }
  }
`);

export const CompanyEntitlementsDocument = graphql(`
  query CompanyEntitlements($company: ID!) {
    entitlements(first: 20, filter: { company: { eq: $company } }) {
      totalCount
      edges {
        node {
          ...EntitlementRow
        }
      }
    }
  }
`);

export const TicketEntitlementDocument = graphql(`
  query TicketEntitlement($ticketId: ID!) {
    ticketEntitlement(ticketId: $ticketId) {
      entitled
      linkedAt
      linkedBy {
        id
        fullName
      }
      entitlement {
        ...EntitlementRow
      }
      available {
        id
        name
        kind
        remaining
        endDate
      }
    }
  }
`);

export const CreateEntitlementDocument = graphql(`
  mutation CreateEntitlement($input: CreateEntitlementInput!) {
    createEntitlement(input: $input) {
      entitlement {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateEntitlementDocument = graphql(`
  mutation UpdateEntitlement($input: UpdateEntitlementInput!) {
    updateEntitlement(input: $input) {
      entitlement {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const CancelEntitlementDocument = graphql(`
  mutation CancelEntitlement($input: EntitlementIdInput!) {
    cancelEntitlement(input: $input) {
      entitlement {
        id
        status
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteEntitlementDocument = graphql(`
  mutation DeleteEntitlement($input: EntitlementIdInput!) {
    deleteEntitlement(input: $input) {
      entitlement {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RestoreEntitlementDocument = graphql(`
  mutation RestoreEntitlement($input: EntitlementIdInput!) {
    restoreEntitlement(input: $input) {
      entitlement {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const LinkTicketEntitlementDocument = graphql(`
  mutation LinkTicketEntitlement($input: LinkTicketEntitlementInput!) {
    linkTicketEntitlement(input: $input) {
      ticketEntitlement {
        entitled
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UnlinkTicketEntitlementDocument = graphql(`
  mutation UnlinkTicketEntitlement($input: UnlinkTicketEntitlementInput!) {
    unlinkTicketEntitlement(input: $input) {
      ticketEntitlement {
        entitled
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RecordEntitlementHoursDocument = graphql(`
  mutation RecordEntitlementHours($input: RecordEntitlementHoursInput!) {
    recordEntitlementHours(input: $input) {
      ticketEntitlement {
        entitled
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const EntitlementSettingsDocument = graphql(`
  query EntitlementSettings {
    entitlementSettings {
      autoLinkTickets
      warnAtPercent
    }
  }
`);

export const UpdateEntitlementSettingsDocument = graphql(`
  mutation UpdateEntitlementSettings($input: UpdateEntitlementSettingsInput!) {
    updateEntitlementSettings(input: $input) {
      entitlementSettings {
        autoLinkTickets
        warnAtPercent
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);
