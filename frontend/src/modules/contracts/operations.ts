import { graphql } from '../../gql/tenant';

export const ContractRowFragment = graphql(`
  fragment ContractRow on Contract {
    id
    number
    title
    status
    startDate
    endDate
    daysLeft
    autoRenew
    billingFrequency
    value {
      amount
      currency
    }
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

export const ContractsDocument = graphql(`
  query Contracts($first: Int!, $after: String, $filter: ContractFilter, $orderBy: [ContractOrder!], $search: String, $withCustomFields: Boolean! = false) {
    contracts(first: $first, after: $after, filter: $filter, orderBy: $orderBy, search: $search) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...ContractRow
          customFields @include(if: $withCustomFields) {
            key
            value
          }
        }
      }
    }
  }
`);

export const ContractOptionsDocument = graphql(`
  query ContractOptions {
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
  }
`);

export const ContractDocument = graphql(`
  query Contract($id: ID!, $withCustomFields: Boolean! = false) {
    node(id: $id) {
      __typename
      ... on Contract {
        customFields @include(if: $withCustomFields) {
          key
          value
        }
        ...ContractRow
        terms
        renewalNoticeDays
        renewalReminderDate
        endReason
        deletedAt
        contact {
          id
          fullName
        }
        deal {
          id
          title
        }
        order {
          id
          number
        }
        renewedFrom {
          id
          number
          title
        }
        renewal {
          id
          number
          title
        }
        statusHistory {
          fromStatus
          toStatus
          at
          note
          by {
            id
            fullName
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

export const CreateContractDocument = graphql(`
  mutation CreateContract($input: CreateContractInput!) {
    createContract(input: $input) {
      contract {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateContractDocument = graphql(`
  mutation UpdateContract($input: UpdateContractInput!) {
    updateContract(input: $input) {
      contract {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const ActivateContractDocument = graphql(`
  mutation ActivateContract($input: ContractIdInput!) {
    activateContract(input: $input) {
      contract {
        id
        status
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const TerminateContractDocument = graphql(`
  mutation TerminateContract($input: TerminateContractInput!) {
    terminateContract(input: $input) {
      contract {
        id
        status
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RenewContractDocument = graphql(`
  mutation RenewContract($input: ContractIdInput!) {
    renewContract(input: $input) {
      contract {
        id
        status
      }
      renewal {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteContractDocument = graphql(`
  mutation DeleteContract($input: ContractIdInput!) {
    deleteContract(input: $input) {
      contract {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RestoreContractDocument = graphql(`
  mutation RestoreContract($input: ContractIdInput!) {
    restoreContract(input: $input) {
      contract {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const CreateContractFromOrderDocument = graphql(`
  mutation CreateContractFromOrder($input: CreateContractFromOrderInput!) {
    createContractFromOrder(input: $input) {
      contract {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const CompanyContractsDocument = graphql(`
  query CompanyContracts($company: ID!) {
    contracts(first: 100, filter: { company: { eq: $company } }) {
      totalCount
      edges {
        node {
          ...ContractRow
        }
      }
    }
  }
`);

export const PlanFieldsFragment = graphql(`
  fragment PlanFields on DevelopmentPlan {
    id
    goal
    status
    targetDate
    progress
    doneCount
    company {
      id
      name
    }
    owner {
      id
      fullName
    }
    steps {
      id
      position
      title
      dueDate
      done
    }
  }
`);

export const DevelopmentPlansDocument = graphql(`
  query DevelopmentPlans($first: Int!, $after: String, $filter: DevelopmentPlanFilter) {
    developmentPlans(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...PlanFields
        }
      }
    }
  }
`);

export const CreateDevelopmentPlanDocument = graphql(`
  mutation CreateDevelopmentPlan($input: CreateDevelopmentPlanInput!) {
    createDevelopmentPlan(input: $input) {
      developmentPlan {
        ...PlanFields
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const AddPlanStepDocument = graphql(`
  mutation AddPlanStep($input: AddPlanStepInput!) {
    addPlanStep(input: $input) {
      developmentPlan {
        ...PlanFields
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const CompletePlanStepDocument = graphql(`
  mutation CompletePlanStep($input: CompletePlanStepInput!) {
    completePlanStep(input: $input) {
      developmentPlan {
        ...PlanFields
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const ReorderPlanStepsDocument = graphql(`
  mutation ReorderPlanSteps($input: ReorderPlanStepsInput!) {
    reorderPlanSteps(input: $input) {
      developmentPlan {
        ...PlanFields
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeletePlanStepDocument = graphql(`
  mutation DeletePlanStep($input: PlanStepIdInput!) {
    deletePlanStep(input: $input) {
      developmentPlan {
        ...PlanFields
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateDevelopmentPlanDocument = graphql(`
  mutation UpdateDevelopmentPlan($input: UpdateDevelopmentPlanInput!) {
    updateDevelopmentPlan(input: $input) {
      developmentPlan {
        ...PlanFields
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const ContractIdsDocument = graphql(`
  query ContractIds($filter: ContractFilter, $orderBy: [ContractOrder!], $search: String, $first: Int, $after: String) {
    contracts(filter: $filter, orderBy: $orderBy, search: $search, first: $first, after: $after) {
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


