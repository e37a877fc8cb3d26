import { graphql } from '../../gql/tenant';

export const CompaniesDocument = graphql(`
  query CustomerCompanies($filter: CompanyFilter, $search: String, $orderBy: [CompanyOrder!], $first: Int, $after: String, $active: Boolean!, $pool: Boolean!, $deleted: Boolean!, $withCustomFields: Boolean! = false) {
    companies(filter: $filter, search: $search, orderBy: $orderBy, first: $first, after: $after) @include(if: $active) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...CompanyRow
          customFields @include(if: $withCustomFields) {
            key
            value
          }
        }
      }
    }
    poolCompanies(filter: $filter, search: $search, orderBy: $orderBy, first: $first, after: $after) @include(if: $pool) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...CompanyRow
          customFields @include(if: $withCustomFields) {
            key
            value
          }
        }
      }
    }
    deletedCompanies(filter: $filter, search: $search, orderBy: $orderBy, first: $first, after: $after) @include(if: $deleted) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...CompanyRow
          customFields @include(if: $withCustomFields) {
            key
            value
          }
        }
      }
    }
  }
  fragment CompanyRow on Company {
    id
    name
    industry
    website
    phone
    region
    country
    lifecycleStage
    level
    source
    lastInteractionAt
    createdAt
    deletedAt
    owner {
      id
      fullName
      email
    }
    tags {
      id
      name
    }
  }
`);

export const ContactsDocument = graphql(`
  query CustomerContacts($filter: ContactFilter, $search: String, $orderBy: [ContactOrder!], $first: Int, $after: String, $active: Boolean!, $pool: Boolean!, $deleted: Boolean!, $withCustomFields: Boolean! = false) {
    contacts(filter: $filter, search: $search, orderBy: $orderBy, first: $first, after: $after) @include(if: $active) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...ContactRow
          customFields @include(if: $withCustomFields) {
            key
            value
          }
        }
      }
    }
    poolContacts(filter: $filter, search: $search, orderBy: $orderBy, first: $first, after: $after) @include(if: $pool) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...ContactRow
          customFields @include(if: $withCustomFields) {
            key
            value
          }
        }
      }
    }
    deletedContacts(filter: $filter, search: $search, orderBy: $orderBy, first: $first, after: $after) @include(if: $deleted) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...ContactRow
          customFields @include(if: $withCustomFields) {
            key
            value
          }
        }
      }
    }
  }
  fragment ContactRow on Contact {
    id
    fullName
    title
    emails
    phones
    lastInteractionAt
    createdAt
    deletedAt
    company {
      id
      name
    }
    owner {
      id
      fullName
      email
    }
    tags {
      id
      name
    }
  }
`);

export const CustomerOptionsDocument = graphql(`
  query CustomerOptions($recordType: SavedViewRecordType!) {
    tags(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
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
    savedViews(first: 100, filter: { recordType: { eq: $recordType } }) {
      edges {
        node {
          id
          name
          shared
          columns
          filter
          ordering
        }
      }
    }
  }
`);

export const CompanyDocument = graphql(`
  query CustomerCompany($id: ID!, $withCustomFields: Boolean! = false) {
    node(id: $id) {
      __typename
      ... on Company {
        ...CompanyRow
        ...CompanyDetails
        parent {
          id
          name
        }
        contacts(first: 50) {
          totalCount
          edges {
            node {
              id
              fullName
              title
              emails
            }
          }
        }
        interactions(first: 50, orderBy: [{ occurredAt: DESC }]) {
          edges {
            node {
              ...TimelineItem
            }
          }
        }
        history(first: 30) {
          edges {
            node {
              ...HistoryItem
            }
          }
        }
      }
    }
  }
  fragment TimelineItem on Interaction {
    id
    kind
    direction
    channel
    occurredAt
    subject
    body
    outcome
    delivery {
      status
      error
    }
    performedBy {
      id
      fullName
    }
    contact {
      id
      fullName
    }
  }
  fragment HistoryItem on AuditEntry {
    id
    createdAt
    actorName
    action
    changes
  }
`);

export const ContactDocument = graphql(`
  query CustomerContact($id: ID!, $withCustomFields: Boolean! = false) {
    node(id: $id) {
      __typename
      ... on Contact {
        ...ContactRow
        ...ContactDetails
        interactions(first: 50, orderBy: [{ occurredAt: DESC }]) {
          edges {
            node {
              ...TimelineItem
            }
          }
        }
        history(first: 30) {
          edges {
            node {
              ...HistoryItem
            }
          }
        }
      }
    }
  }
`);

export const CompanyDuplicatesDocument = graphql(`
  query CustomerCompanyDuplicates($name: String!) {
    companyDuplicates(name: $name) {
      id
      name
      createdAt
    }
  }
`);

export const ContactDuplicatesDocument = graphql(`
  query CustomerContactDuplicates($emails: [String!], $phones: [String!]) {
    contactDuplicates(emails: $emails, phones: $phones) {
      id
      fullName
      emails
      createdAt
    }
  }
`);

export const StatisticsDocument = graphql(`
  query CustomerStatistics {
    customerStatistics {
      companies
      contacts
      bySource {
        key
        count
      }
      byLifecycleStage {
        key
        count
      }
      growthByMonth {
        month
        newCompanies
        newContacts
      }
    }
  }
`);


export const CreateCompanyDocument = graphql(`
  mutation CustomerCreateCompany($input: CreateCompanyInput!) {
    createCompany(input: $input) {
      company {
        id
        name
      }
      duplicates {
        id
        name
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const CreateContactDocument = graphql(`
  mutation CustomerCreateContact($input: CreateContactInput!) {
    createContact(input: $input) {
      contact {
        id
        fullName
      }
      duplicates {
        id
        fullName
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const LogInteractionDocument = graphql(`
  mutation CustomerLogInteraction($input: LogInteractionInput!) {
    logInteraction(input: $input) {
      interaction {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const CreateSavedViewDocument = graphql(`
  mutation CustomerCreateSavedView($input: CreateSavedViewInput!) {
    createSavedView(input: $input) {
      savedView {
        id
        name
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const TransferDocument = graphql(`
  mutation CustomerTransfer($input: TransferCustomersInput!) {
    transferCustomers(input: $input) {
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const TagCompaniesDocument = graphql(`
  mutation CustomerTagCompanies($input: TagCompaniesInput!) {
    tagCompanies(input: $input) {
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const TagContactsDocument = graphql(`
  mutation CustomerTagContacts($input: TagContactsInput!) {
    tagContacts(input: $input) {
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteContactsDocument = graphql(`
  mutation CustomerDeleteContacts($input: DeleteContactsInput!) {
    deleteContacts(input: $input) {
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteCompaniesDocument = graphql(`
  mutation CustomerDeleteCompanies($input: DeleteCompaniesInput!) {
    deleteCompanies(input: $input) {
      deletedIds
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RestoreCompaniesDocument = graphql(`
  mutation CustomerRestoreCompanies($input: RestoreCompaniesInput!) {
    restoreCompanies(input: $input) {
      restoredIds
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RestoreContactsDocument = graphql(`
  mutation CustomerRestoreContacts($input: RestoreContactsInput!) {
    restoreContacts(input: $input) {
      restoredIds
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteCompanyDocument = graphql(`
  mutation CustomerDeleteCompany($input: RecordIdInput!) {
    deleteCompany(input: $input) {
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RestoreCompanyDocument = graphql(`
  mutation CustomerRestoreCompany($input: RecordIdInput!) {
    restoreCompany(input: $input) {
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RestoreContactDocument = graphql(`
  mutation CustomerRestoreContact($input: RecordIdInput!) {
    restoreContact(input: $input) {
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const ClaimCompanyDocument = graphql(`
  mutation CustomerClaimCompany($input: RecordIdInput!) {
    claimCompany(input: $input) {
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const ClaimContactDocument = graphql(`
  mutation CustomerClaimContact($input: RecordIdInput!) {
    claimContact(input: $input) {
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const CreateTagDocument = graphql(`
  mutation CustomerCreateTag($input: CreateTagInput!) {
    createTag(input: $input) {
      tag {
        id
        name
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const SearchCompaniesDocument = graphql(`
  query CustomerSearch($q: String!) {
    companies(search: $q, first: 5) {
      edges {
        node {
          id
          name
          industry
        }
      }
    }
    contacts(search: $q, first: 5) {
      edges {
        node {
          id
          fullName
          company {
            name
          }
        }
      }
    }
  }
`);

export const MergeCompaniesDocument = graphql(`
  mutation CustomerMergeCompanies($input: MergeInput!) {
    mergeCompanies(input: $input) {
      company {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const MergeContactsDocument = graphql(`
  mutation CustomerMergeContacts($input: MergeInput!) {
    mergeContacts(input: $input) {
      contact {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const CompanyDetailsFragment = graphql(`
  fragment CompanyDetails on Company {
    category
    size
    creditRating
    creditLimit {
      amount
      currency
    }
    ownerAssignedAt
    lifecycleStageChangedAt
    updatedAt
    # Asked only where the workspace defines custom fields: without them the record page stays on the
    # server's one-query path (graphql_schema/core/sqlrecords.py), which cannot build customFields yet.
    customFields @include(if: $withCustomFields) {
      key
      type
      value
    }
  }
`);

export const ContactDetailsFragment = graphql(`
  fragment ContactDetails on Contact {
    firstName
    lastName
    wechatId
    buyingRole
    birthday
    emailConsent
    smsConsent
    updatedAt
    # Asked only where the workspace defines custom fields: without them the record page stays on the
    # server's one-query path (graphql_schema/core/sqlrecords.py), which cannot build customFields yet.
    customFields @include(if: $withCustomFields) {
      key
      type
      value
    }
  }
`);

export const UpdateCompanyDocument = graphql(`
  mutation CustomerUpdateCompany($input: UpdateCompanyInput!, $withCustomFields: Boolean! = false) {
    updateCompany(input: $input) {
      company {
        ...CompanyRow
        ...CompanyDetails
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateContactDocument = graphql(`
  mutation CustomerUpdateContact($input: UpdateContactInput!, $withCustomFields: Boolean! = false) {
    updateContact(input: $input) {
      contact {
        ...ContactRow
        ...ContactDetails
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

