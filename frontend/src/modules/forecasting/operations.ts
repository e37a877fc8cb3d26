import { graphql } from '../../gql/tenant';

export const ForecastOptionsDocument = graphql(`
  query ForecastOptions {
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
    teams(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
    pipelines(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const ForecastFiguresFragment = graphql(`
  fragment ForecastFiguresParts on ForecastFigures {
    won
    commit
    bestCase
    pipeline
    weightedPipeline
    target
    attainment
    wonCount
    openCount
  }
`);

export const ForecastDocument = graphql(`
  query Forecast($period: ForecastPeriod!, $date: Date, $periods: Int!, $userId: ID, $teamId: ID, $pipelineId: ID) {
    forecast(period: $period, date: $date, periods: $periods, trendPeriods: 6, userId: $userId, teamId: $teamId, pipelineId: $pipelineId) {
      currency
      amountsHidden
      trendSlope
      buckets {
        period {
          label
          start
          end
        }
        projected
        figures {
          ...ForecastFiguresParts
        }
      }
      total {
        ...ForecastFiguresParts
      }
      noCloseDate {
        ...ForecastFiguresParts
      }
      trend {
        period {
          label
        }
        won
      }
      people {
        name
        user {
          id
        }
        figures {
          ...ForecastFiguresParts
        }
      }
      unconverted {
        amount
        currency
      }
    }
  }
`);

export const SalesTargetRowFragment = graphql(`
  fragment SalesTargetRow on SalesTarget {
    id
    periodKind
    periodStart
    periodLabel
    amount {
      amount
      currency
    }
    user {
      id
      fullName
      email
    }
    team {
      id
      name
    }
  }
`);

export const SalesTargetsDocument = graphql(`
  query SalesTargets($filter: SalesTargetFilter, $orderBy: [SalesTargetOrder!], $first: Int, $after: String) {
    salesTargets(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...SalesTargetRow
        }
      }
    }
  }
`);

export const CreateSalesTargetDocument = graphql(`
  mutation CreateSalesTarget($input: CreateSalesTargetInput!) {
    createSalesTarget(input: $input) {
      salesTarget {
        ...SalesTargetRow
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateSalesTargetDocument = graphql(`
  mutation UpdateSalesTarget($input: UpdateSalesTargetInput!) {
    updateSalesTarget(input: $input) {
      salesTarget {
        ...SalesTargetRow
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteSalesTargetDocument = graphql(`
  mutation DeleteSalesTarget($input: SalesTargetIdInput!) {
    deleteSalesTarget(input: $input) {
      deletedId
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const CommissionRulesDocument = graphql(`
  query CommissionRules {
    commissionRules(first: 100) {
      totalCount
      edges {
        node {
          id
          name
          rate
          validFrom
          validUntil
          minAmount {
            amount
            currency
          }
          user {
            id
            fullName
          }
          team {
            id
            name
          }
          pipeline {
            id
            name
          }
          product {
            id
            name
          }
        }
      }
    }
  }
`);

export const CreateCommissionRuleDocument = graphql(`
  mutation CreateCommissionRule($input: CreateCommissionRuleInput!) {
    createCommissionRule(input: $input) {
      commissionRule {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateCommissionRuleDocument = graphql(`
  mutation UpdateCommissionRule($input: UpdateCommissionRuleInput!) {
    updateCommissionRule(input: $input) {
      commissionRule {
        id
        rate
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteCommissionRuleDocument = graphql(`
  mutation DeleteCommissionRule($input: CommissionRuleIdInput!) {
    deleteCommissionRule(input: $input) {
      deletedId
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const CommissionsDocument = graphql(`
  query Commissions($period: ForecastPeriod!, $date: Date, $userId: ID) {
    commissions(period: $period, date: $date, userId: $userId) {
      currency
      period {
        label
      }
      statements {
        name
        user {
          id
        }
        won
        commission
        lines {
          wonOn
          base
          rate
          commission
          amount {
            amount
            currency
          }
          deal {
            id
            title
          }
          rule {
            id
            name
          }
        }
      }
      unconverted {
        id
        title
      }
    }
  }
`);
