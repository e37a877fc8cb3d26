import { graphql } from '../../gql/tenant';

export const SurveyLinkDocument = graphql(`
  query SurveyLink($token: String!) {
    surveyLink(token: $token) {
      state
      kind
      workspaceName
      subject
      lowest
      highest
    }
  }
`);

export const AnswerSurveyDocument = graphql(`
  mutation AnswerSurvey($input: AnswerSurveyInput!) {
    answerSurvey(input: $input) {
      survey {
        state
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const ServiceFiguresFragment = graphql(`
  fragment ServiceFiguresItem on ServiceFigures {
    start
    ticketsCreated
    ticketsResolved
    medianFirstResponseMinutes
    medianResolutionMinutes
    slaCompliancePercent
    satisfaction {
      ...SatisfactionItem
    }
  }
`);

export const SatisfactionFragment = graphql(`
  fragment SatisfactionItem on SatisfactionFigures {
    csatResponses
    csatSatisfiedPercent
    csatAverage
    npsResponses
    promoters
    detractors
    nps
  }
`);

export const ServiceStatisticsDocument = graphql(`
  query ServiceStatistics($period: StatisticsPeriod, $from: Date, $to: Date, $teamId: ID, $assigneeId: ID) {
    serviceStatistics(period: $period, from: $from, to: $to, teamId: $teamId, assigneeId: $assigneeId) {
      period
      from
      to
      totals {
        ...ServiceFiguresItem
      }
      periods {
        ...ServiceFiguresItem
      }
      byAgent {
        id
        name
        satisfaction {
          ...SatisfactionItem
        }
      }
      byTeam {
        id
        name
        satisfaction {
          ...SatisfactionItem
        }
      }
    }
  }
`);

export const StatisticsFiltersDocument = graphql(`
  query StatisticsFilters {
    teams(first: 100) {
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
          fullName
          email
        }
      }
    }
  }
`);

export const ContactSurveysDocument = graphql(`
  query ContactSurveys($contact: ID!) {
    surveys(filter: { contact: { eq: $contact } }, orderBy: [{ sentAt: DESC }], first: 20) {
      totalCount
      edges {
        node {
          id
          kind
          sentAt
          respondedAt
          score
          comment
          ticket {
            id
            subject
          }
        }
      }
    }
  }
`);

export const SendNpsSurveyDocument = graphql(`
  mutation SendNpsSurvey($input: SendNpsSurveyInput!) {
    sendNpsSurvey(input: $input) {
      surveys {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);
