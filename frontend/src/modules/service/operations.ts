import { graphql } from '../../gql/tenant';


export const TicketRowFragment = graphql(`
  fragment TicketRow on Ticket {
    id
    subject
    status
    priority
    category
    createdAt
    firstResponseDueAt
    resolutionDueAt
    firstRespondedAt
    resolvedAt
    firstResponseBreached
    resolutionBreached
    assignee {
      id
      fullName
      email
    }
    company {
      id
      name
    }
  }
`);

export const TicketsDocument = graphql(`
  query ServiceTickets($filter: TicketFilter, $orderBy: [TicketOrder!], $search: String, $first: Int, $after: String, $withCustomFields: Boolean! = false) {
    tickets(filter: $filter, orderBy: $orderBy, search: $search, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...TicketRow
          customFields @include(if: $withCustomFields) {
            key
            value
          }
        }
      }
    }
  }
`);

export const DeskNowDocument = graphql(`
  query ServiceDeskNow {
    deskNow
  }
`);

export const ServiceMembersDocument = graphql(`
  query ServiceMembers {
    users(first: 100) {
      edges {
        node {
          id
          userId
          fullName
          email
          isActive
        }
      }
    }
  }
`);

export const ServiceHistoryItemFragment = graphql(`
  fragment ServiceHistoryItem on AuditEntry {
    id
    createdAt
    actorName
    action
    changes
  }
`);

export const TicketDocument = graphql(`
  query ServiceTicket($id: ID!, $withCustomFields: Boolean! = false) {
    node(id: $id) {
      __typename
      ... on Ticket {
        customFields @include(if: $withCustomFields) {
          key
          value
        }
        ...TicketRow
        description
        kind
        channel
        allowedStatuses
        closedAt
        lastMessageAt
        team {
          id
          name
        }
        contact {
          id
          fullName
        }
        product {
          id
          name
        }
        transitions {
          fromStatus
          toStatus
          note
          createdAt
          actor {
            id
            fullName
          }
        }
        messages {
          id
          body
          visibility
          createdAt
          author {
            id
            fullName
            email
          }
        }
        articles {
          id
          title
          slug
          status
        }
        history(first: 30) {
          edges {
            node {
              ...ServiceHistoryItem
            }
          }
        }
      }
    }
  }
`);

export const CreateTicketDocument = graphql(`
  mutation ServiceCreateTicket($input: CreateTicketInput!) {
    createTicket(input: $input) {
      ticket {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateTicketDocument = graphql(`
  mutation ServiceUpdateTicket($input: UpdateTicketInput!) {
    updateTicket(input: $input) {
      ticket {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const AssignTicketDocument = graphql(`
  mutation ServiceAssignTicket($input: AssignTicketInput!) {
    assignTicket(input: $input) {
      ticket {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const ChangeTicketStatusDocument = graphql(`
  mutation ServiceChangeTicketStatus($input: ChangeTicketStatusInput!) {
    changeTicketStatus(input: $input) {
      ticket {
        id
        status
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const AddTicketMessageDocument = graphql(`
  mutation ServiceAddTicketMessage($input: AddTicketMessageInput!) {
    addTicketMessage(input: $input) {
      ticketMessage {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteTicketDocument = graphql(`
  mutation ServiceDeleteTicket($input: DeleteTicketInput!) {
    deleteTicket(input: $input) {
      ticket {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RestoreTicketDocument = graphql(`
  mutation ServiceRestoreTicket($input: RestoreTicketInput!) {
    restoreTicket(input: $input) {
      ticket {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const LinkArticleDocument = graphql(`
  mutation ServiceLinkArticle($input: LinkArticleInput!) {
    linkArticle(input: $input) {
      article {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const ArticleRowFragment = graphql(`
  fragment ArticleRow on Article {
    id
    title
    slug
    category
    status
    version
    publishedAt
    updatedAt
    author {
      id
      fullName
    }
  }
`);

export const ArticlesDocument = graphql(`
  query ServiceArticles($filter: ArticleFilter, $orderBy: [ArticleOrder!], $search: String, $first: Int, $after: String, $withCustomFields: Boolean! = false) {
    articles(filter: $filter, orderBy: $orderBy, search: $search, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...ArticleRow
          customFields @include(if: $withCustomFields) {
            key
            value
          }
        }
      }
    }
  }
`);

export const ArticleDocument = graphql(`
  query ServiceArticle($id: ID!, $withCustomFields: Boolean! = false) {
    node(id: $id) {
      __typename
      ... on Article {
        customFields @include(if: $withCustomFields) {
          key
          value
        }
        ...ArticleRow
        body
        tickets {
          id
          subject
          status
        }
        versions {
          version
          title
          body
          createdAt
          editor {
            id
            fullName
          }
        }
      }
    }
  }
`);

export const CreateArticleDocument = graphql(`
  mutation ServiceCreateArticle($input: CreateArticleInput!) {
    createArticle(input: $input) {
      article {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateArticleDocument = graphql(`
  mutation ServiceUpdateArticle($input: UpdateArticleInput!) {
    updateArticle(input: $input) {
      article {
        id
        version
        status
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const HelpCenterArticlesDocument = graphql(`
  query ServiceHelpCenterArticles($search: String) {
    helpCenterArticles(search: $search) {
      slug
      title
      category
      publishedAt
    }
  }
`);

export const HelpCenterArticleDocument = graphql(`
  query ServiceHelpCenterArticle($slug: String!) {
    helpCenterArticle(slug: $slug) {
      slug
      title
      body
      category
      publishedAt
    }
  }
`);

export const RestoreArticleVersionDocument = graphql(`
  mutation ServiceRestoreArticleVersion($input: RestoreArticleVersionInput!) {
    restoreArticleVersion(input: $input) {
      article {
        id
        version
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteArticleDocument = graphql(`
  mutation ServiceDeleteArticle($input: DeleteArticleInput!) {
    deleteArticle(input: $input) {
      article {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RestoreArticleDocument = graphql(`
  mutation ServiceRestoreArticle($input: RestoreArticleInput!) {
    restoreArticle(input: $input) {
      article {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const ArticleTicketsDocument = graphql(`
  query ServiceArticleTickets($search: String) {
    tickets(search: $search, first: 20) {
      edges {
        node {
          id
          subject
          status
        }
      }
    }
  }
`);

export const TicketSurveysDocument = graphql(`
  query ServiceTicketSurveys($ticket: ID!) {
    surveys(filter: { ticket: { eq: $ticket } }, first: 5) {
      edges {
        node {
          id
          kind
          sentAt
          expiresAt
          respondedAt
          score
          comment
          agent {
            id
            fullName
          }
        }
      }
    }
  }
`);

export const DeskSettingsDocument = graphql(`
  query ServiceDeskSettings {
    slaPolicies(first: 10, orderBy: [{ priority: ASC }]) {
      edges {
        node {
          id
          name
          priority
          firstResponseMinutes
          resolutionMinutes
        }
      }
    }
    holidays(first: 100, orderBy: [{ date: ASC }]) {
      edges {
        node {
          id
          date
          name
        }
      }
    }
    ticketAssignmentRules(first: 100, orderBy: [{ position: ASC }]) {
      edges {
        node {
          id
          name
          category
          position
          team {
            id
            name
          }
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
  }
`);

export const CreateSlaPolicyDocument = graphql(`
  mutation ServiceCreateSlaPolicy($input: CreateSlaPolicyInput!) {
    createSlaPolicy(input: $input) {
      slaPolicy {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateSlaPolicyDocument = graphql(`
  mutation ServiceUpdateSlaPolicy($input: UpdateSlaPolicyInput!) {
    updateSlaPolicy(input: $input) {
      slaPolicy {
        id
        name
        firstResponseMinutes
        resolutionMinutes
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteSlaPolicyDocument = graphql(`
  mutation ServiceDeleteSlaPolicy($input: DeleteSlaPolicyInput!) {
    deleteSlaPolicy(input: $input) {
      ok
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const CreateHolidayDocument = graphql(`
  mutation ServiceCreateHoliday($input: CreateHolidayInput!) {
    createHoliday(input: $input) {
      holiday {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateHolidayDocument = graphql(`
  mutation ServiceUpdateHoliday($input: UpdateHolidayInput!) {
    updateHoliday(input: $input) {
      holiday {
        id
        date
        name
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteHolidayDocument = graphql(`
  mutation ServiceDeleteHoliday($input: DeleteHolidayInput!) {
    deleteHoliday(input: $input) {
      ok
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const CreateTicketAssignmentRuleDocument = graphql(`
  mutation ServiceCreateTicketAssignmentRule($input: CreateTicketAssignmentRuleInput!) {
    createTicketAssignmentRule(input: $input) {
      ticketAssignmentRule {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateTicketAssignmentRuleDocument = graphql(`
  mutation ServiceUpdateTicketAssignmentRule($input: UpdateTicketAssignmentRuleInput!) {
    updateTicketAssignmentRule(input: $input) {
      ticketAssignmentRule {
        id
        name
        category
        position
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteTicketAssignmentRuleDocument = graphql(`
  mutation ServiceDeleteTicketAssignmentRule($input: DeleteTicketAssignmentRuleInput!) {
    deleteTicketAssignmentRule(input: $input) {
      ok
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const ServiceProductsDocument = graphql(`
  query ServiceProducts {
    products(first: 100, orderBy: [{ name: ASC }]) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);
