import { graphql } from '../../gql/tenant';

export const BoardDealFragment = graphql(`
  fragment BoardDeal on Deal {
    id
    title
    probability
    expectedCloseDate
    stageId
    amount {
      amount
      currency
    }
    owner {
      id
      fullName
    }
    company {
      id
      name
    }
  }
`);

export const PipelineBoardDocument = graphql(`
  query PipelineBoard($pipelineId: ID, $first: Int!, $filter: DealFilter) {
    pipelineBoard(pipelineId: $pipelineId, first: $first, filter: $filter) {
      pipeline {
        id
        name
      }
      columns {
        stage {
          id
          name
          kind
          probability
          position
        }
        count
        sums {
          amount
          currency
        }
        deals {
          ...BoardDeal
        }
      }
    }
  }
`);

export const PipelinesDocument = graphql(`
  query SalesPipelines {
    pipelines(first: 100) {
      edges {
        node {
          id
          name
          isDefault
        }
      }
    }
  }
`);

export const DealRowFragment = graphql(`
  fragment DealRow on Deal {
    id
    title
    probability
    expectedCloseDate
    nextStep
    createdAt
    amount {
      amount
      currency
    }
    stage {
      id
      name
      kind
    }
    owner {
      id
      fullName
    }
    company {
      id
      name
    }
  }
`);

export const DealsDocument = graphql(`
  query SalesDeals($filter: DealFilter, $orderBy: [DealOrder!], $search: String, $first: Int, $after: String, $withCustomFields: Boolean! = false) {
    deals(filter: $filter, orderBy: $orderBy, search: $search, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...DealRow
          customFields @include(if: $withCustomFields) {
            key
            value
          }
        }
      }
    }
  }
`);

export const DealDocument = graphql(`
  query SalesDeal($id: ID!, $withCustomFields: Boolean! = false) {
    node(id: $id) {
      __typename
      ... on Deal {
        ...DealRow
        customFields @include(if: $withCustomFields) {
          key
          value
        }
        lostReason
        closedAt
        forecastCategory
        forecastCategoryAutomatic
        stageEnteredAt
        pipeline {
          id
          name
          stages {
            id
            name
            kind
          }
        }
        competitors {
          id
          name
        }
        contacts {
          role
          contact {
            id
            fullName
          }
        }
        stageHistory {
          at
          timeInPrevious
          fromStage {
            name
          }
          toStage {
            name
          }
          by {
            fullName
          }
        }
      }
    }
  }
`);

export const CreateDealDocument = graphql(`
  mutation SalesCreateDeal($input: CreateDealInput!) {
    createDeal(input: $input) {
      deal {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateDealDocument = graphql(`
  mutation SalesUpdateDeal($input: UpdateDealInput!) {
    updateDeal(input: $input) {
      deal {
        ...DealRow
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const MoveDealDocument = graphql(`
  mutation SalesMoveDeal($input: MoveDealInput!) {
    moveDeal(input: $input) {
      deal {
        id
        stageId
        probability
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteDealDocument = graphql(`
  mutation SalesDeleteDeal($input: DealIdInput!) {
    deleteDeal(input: $input) {
      deal {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RestoreDealDocument = graphql(`
  mutation SalesRestoreDeal($input: DealIdInput!) {
    restoreDeal(input: $input) {
      deal {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

// The deal's timeline: its contacts' interactions, as a contact's timeline shows them (the same fragment), and
// the deal's activities, as a timeline shows them.
export const DealTimelineDocument = graphql(`
  query DealTimeline($deal: ID!, $first: Int!, $after: String) {
    dealTimeline(dealId: $deal, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          __typename
          ... on Interaction {
            ...TimelineItem
          }
          ... on Activity {
            ...TimelineActivity
          }
        }
      }
    }
  }
`);
