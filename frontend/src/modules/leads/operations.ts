import { graphql } from '../../gql/tenant';

export const LeadRowFragment = graphql(`
  fragment LeadRow on Lead {
    id
    name
    companyName
    title
    email
    phone
    status
    source
    score
    region
    industry
    createdAt
    owner {
      id
      fullName
    }
    campaign {
      id
      name
    }
  }
`);

export const LeadsDocument = graphql(`
  query Leads($filter: LeadFilter, $orderBy: [LeadOrder!], $search: String, $first: Int, $after: String, $withCustomFields: Boolean! = false) {
    leads(filter: $filter, orderBy: $orderBy, search: $search, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...LeadRow
          customFields @include(if: $withCustomFields) {
            key
            value
          }
        }
      }
    }
  }
`);

export const LeadIdsDocument = graphql(`
  query LeadIds($filter: LeadFilter, $orderBy: [LeadOrder!], $search: String, $first: Int, $after: String) {
    leads(filter: $filter, orderBy: $orderBy, search: $search, first: $first, after: $after) {
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          id
        }
      }
    }
  }
`);

export const LeadDocument = graphql(`
  query Lead($id: ID!, $withCustomFields: Boolean! = false) {
    node(id: $id) {
      __typename
      ... on Lead {
        ...LeadRow
        customFields @include(if: $withCustomFields) {
          key
          value
        }
        description
        scoredAt
        scoreBreakdown {
          score
          halfLifeDays
          items {
            ruleId
            field
            value
            activityKind
            activities
            undecayedPoints
            points
          }
        }
        updatedAt
        convertedAt
        convertedBy {
          id
          fullName
        }
        convertedCompany {
          id
          name
        }
        convertedContact {
          id
          fullName
        }
        convertedDeal {
          id
          title
        }
        activities(first: 50) {
          totalCount
          edges {
            node {
              id
              kind
              occurredAt
              note
              performedBy {
                id
                fullName
              }
            }
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


export const SearchLeadsDocument = graphql(`
  query SearchLeads($q: String!) {
    leads(search: $q, first: 5) {
      edges {
        node {
          id
          name
          companyName
        }
      }
    }
  }
`);

export const CreateLeadDocument = graphql(`
  mutation CreateLead($input: CreateLeadInput!) {
    createLead(input: $input) {
      lead {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateLeadDocument = graphql(`
  mutation UpdateLead($input: UpdateLeadInput!) {
    updateLead(input: $input) {
      lead {
        ...LeadRow
        description
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteLeadDocument = graphql(`
  mutation DeleteLead($input: LeadIdInput!) {
    deleteLead(input: $input) {
      lead {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RestoreLeadDocument = graphql(`
  mutation RestoreLead($input: LeadIdInput!) {
    restoreLead(input: $input) {
      lead {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteLeadsDocument = graphql(`
  mutation DeleteLeads($input: LeadIdsInput!) {
    deleteLeads(input: $input) {
      deletedIds
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RestoreLeadsDocument = graphql(`
  mutation RestoreLeads($input: LeadIdsInput!) {
    restoreLeads(input: $input) {
      restoredIds
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const LogLeadActivityDocument = graphql(`
  mutation LogLeadActivity($input: LogLeadActivityInput!) {
    logLeadActivity(input: $input) {
      leadActivity {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const ConvertLeadDocument = graphql(`
  mutation ConvertLead($input: ConvertLeadInput!) {
    convertLead(input: $input) {
      lead {
        id
        status
      }
      company {
        id
        name
      }
      contact {
        id
        fullName
      }
      deal {
        id
        title
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const CompanyChoicesDocument = graphql(`
  query LeadCompanyChoices($q: String) {
    companies(search: $q, first: 20) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

// --- settings (owners and admins) ---

export const LeadSettingsDocument = graphql(`
  query LeadSettings {
    leadScoring {
      halfLifeDays
      rules {
        id
        field
        value
        activityKind
        points
      }
    }
    leadAssignmentRules {
      id
      name
      position
      region
      industry
      teamId
      teamName
      method
      isActive
    }
    teams(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const CreateScoringRuleDocument = graphql(`
  mutation CreateScoringRule($input: CreateScoringRuleInput!) {
    createScoringRule(input: $input) {
      scoringRule {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateScoringRuleDocument = graphql(`
  mutation UpdateScoringRule($input: UpdateScoringRuleInput!) {
    updateScoringRule(input: $input) {
      scoringRule {
        id
        value
        points
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteScoringRuleDocument = graphql(`
  mutation DeleteScoringRule($input: RuleIdInput!) {
    deleteScoringRule(input: $input) {
      scoringRule {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateLeadScoringDocument = graphql(`
  mutation UpdateLeadScoring($input: UpdateLeadScoringInput!) {
    updateLeadScoring(input: $input) {
      leadScoring {
        halfLifeDays
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const CreateAssignmentRuleDocument = graphql(`
  mutation CreateAssignmentRule($input: CreateAssignmentRuleInput!) {
    createAssignmentRule(input: $input) {
      assignmentRule {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateAssignmentRuleDocument = graphql(`
  mutation UpdateAssignmentRule($input: UpdateAssignmentRuleInput!) {
    updateAssignmentRule(input: $input) {
      assignmentRule {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteAssignmentRuleDocument = graphql(`
  mutation DeleteAssignmentRule($input: RuleIdInput!) {
    deleteAssignmentRule(input: $input) {
      assignmentRule {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const CampaignRowFragment = graphql(`
  fragment CampaignRow on Campaign {
    id
    name
    type
    status
    startDate
    endDate
    currency
    budget {
      amount
      currency
    }
    actualCost {
      amount
      currency
    }
    owner {
      id
      fullName
    }
    leadsCount
    convertedCount
    conversionRate
    wonAmount {
      amount
      currency
    }
    costPerLead {
      amount
      currency
    }
    roi
  }
`);

export const CampaignsDocument = graphql(`
  query Campaigns($filter: CampaignFilter, $orderBy: [CampaignOrder!], $search: String, $first: Int, $after: String, $withCustomFields: Boolean! = false) {
    campaigns(filter: $filter, orderBy: $orderBy, search: $search, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...CampaignRow
          customFields @include(if: $withCustomFields) {
            key
            value
          }
        }
      }
    }
  }
`);

export const CampaignIdsDocument = graphql(`
  query CampaignIds($filter: CampaignFilter, $orderBy: [CampaignOrder!], $search: String, $first: Int, $after: String) {
    campaigns(filter: $filter, orderBy: $orderBy, search: $search, first: $first, after: $after) {
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          id
        }
      }
    }
  }
`);

export const CampaignChoicesDocument = graphql(`
  query CampaignChoices {
    campaigns(first: 100, orderBy: [{ name: ASC }]) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const CampaignDocument = graphql(`
  query Campaign($id: ID!, $withCustomFields: Boolean! = false) {
    node(id: $id) {
      __typename
      ... on Campaign {
        customFields @include(if: $withCustomFields) {
          key
          value
        }
        ...CampaignRow
        description
        formKey
        expectedRevenue {
          amount
          currency
        }
        deletedAt
      }
    }
  }
`);

export const CreateCampaignDocument = graphql(`
  mutation CreateCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) {
      campaign {
        ...CampaignRow
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateCampaignDocument = graphql(`
  mutation UpdateCampaign($input: UpdateCampaignInput!) {
    updateCampaign(input: $input) {
      campaign {
        ...CampaignRow
        description
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);


