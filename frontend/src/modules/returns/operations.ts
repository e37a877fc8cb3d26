import { graphql } from '../../gql/tenant';

export const ReturnRowFragment = graphql(`
  fragment ReturnRow on ReturnRequest {
    id
    number
    status
    nextStatuses
    reason
    resolution
    notes
    currency
    createdAt
    refundAmount {
      amount
      currency
    }
    company {
      id
      name
    }
    order {
      id
      number
    }
    owner {
      id
      fullName
    }
  }
`);

export const ReturnRequestsDocument = graphql(`
  query ReturnRequests($first: Int!, $after: String, $filter: ReturnRequestFilter, $orderBy: [ReturnRequestOrder!], $search: String, $withCustomFields: Boolean! = false) {
    returnRequests(first: $first, after: $after, filter: $filter, orderBy: $orderBy, search: $search) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...ReturnRow
          customFields @include(if: $withCustomFields) {
            key
            value
          }
        }
      }
    }
  }
`);

export const ReturnRequestDocument = graphql(`
  query ReturnRequest($id: ID!, $withCustomFields: Boolean! = false) {
    node(id: $id) {
      __typename
      ... on ReturnRequest {
        customFields @include(if: $withCustomFields) {
          key
          value
        }
        ...ReturnRow
        closedAt
        contact {
          id
          fullName
        }
        creditNote {
          id
          displayNumber
          total {
            amount
            currency
          }
        }
        lines {
          id
          quantity
          orderLine {
            id
            description
            quantity
            product {
              id
              name
            }
          }
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

export const ReturnOptionsDocument = graphql(`
  query ReturnOptions {
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
    picklists {
      key
      values {
        value
        label
        deprecated
      }
    }
  }
`);

export const CompanyOrdersDocument = graphql(`
  query CompanyOrdersForReturn($company: ID!) {
    orders(first: 100, filter: { company: $company }) {
      edges {
        node {
          id
          number
          status
          lines {
            id
            description
            quantity
            product {
              id
              name
            }
          }
        }
      }
    }
  }
`);

export const CreateReturnRequestDocument = graphql(`
  mutation CreateReturnRequest($input: CreateReturnRequestInput!) {
    createReturnRequest(input: $input) {
      returnRequest {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateReturnRequestDocument = graphql(`
  mutation UpdateReturnRequest($input: UpdateReturnRequestInput!) {
    updateReturnRequest(input: $input) {
      returnRequest {
        ...ReturnRow
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const MoveReturnRequestDocument = graphql(`
  mutation MoveReturnRequest($input: MoveReturnRequestInput!) {
    moveReturnRequest(input: $input) {
      returnRequest {
        ...ReturnRow
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteReturnRequestDocument = graphql(`
  mutation DeleteReturnRequest($input: ReturnRequestIdInput!) {
    deleteReturnRequest(input: $input) {
      returnRequest {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RestoreReturnRequestDocument = graphql(`
  mutation RestoreReturnRequest($input: ReturnRequestIdInput!) {
    restoreReturnRequest(input: $input) {
      returnRequest {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const CompanyReturnsDocument = graphql(`
  query CompanyReturns($company: ID!) {
    returnRequests(first: 20, filter: { company: { eq: $company } }) {
      totalCount
      edges {
        node {
          ...ReturnRow
        }
      }
    }
    claims(first: 20, filter: { company: { eq: $company } }) {
      totalCount
      edges {
        node {
          ...ClaimRow
        }
      }
    }
  }
`);

export const ClaimRowFragment = graphql(`
  fragment ClaimRow on Claim {
    id
    number
    kind
    status
    nextStatuses
    description
    currency
    createdAt
    amountClaimed {
      amount
      currency
    }
    amountApproved {
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

export const ClaimsDocument = graphql(`
  query Claims($first: Int!, $after: String, $filter: ClaimFilter, $orderBy: [ClaimOrder!], $search: String, $withCustomFields: Boolean! = false) {
    claims(first: $first, after: $after, filter: $filter, orderBy: $orderBy, search: $search) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...ClaimRow
          customFields @include(if: $withCustomFields) {
            key
            value
          }
        }
      }
    }
  }
`);

export const ClaimDocument = graphql(`
  query Claim($id: ID!, $withCustomFields: Boolean! = false) {
    node(id: $id) {
      __typename
      ... on Claim {
        customFields @include(if: $withCustomFields) {
          key
          value
        }
        ...ClaimRow
        settledAt
        order {
          id
          number
        }
        warranty {
          id
          serialNumber
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

export const CreateClaimDocument = graphql(`
  mutation CreateClaim($input: CreateClaimInput!) {
    createClaim(input: $input) {
      claim {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateClaimDocument = graphql(`
  mutation UpdateClaim($input: UpdateClaimInput!) {
    updateClaim(input: $input) {
      claim {
        ...ClaimRow
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const MoveClaimDocument = graphql(`
  mutation MoveClaim($input: MoveClaimInput!) {
    moveClaim(input: $input) {
      claim {
        ...ClaimRow
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteClaimDocument = graphql(`
  mutation DeleteClaim($input: ClaimIdInput!) {
    deleteClaim(input: $input) {
      claim {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RestoreClaimDocument = graphql(`
  mutation RestoreClaim($input: ClaimIdInput!) {
    restoreClaim(input: $input) {
      claim {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

