import { graphql } from '../../gql/tenant';

export const WarrantyRowFragment = graphql(`
  fragment WarrantyRow on Warranty {
    id
    serialNumber
    startDate
    endDate
    coverage
    status
    notes
    voidedAt
    voidReason
    company {
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
      sku
    }
    owner {
      id
      fullName
    }
  }
`);

export const WarrantiesDocument = graphql(`
  query Warranties($first: Int!, $after: String, $filter: WarrantyFilter, $orderBy: [WarrantyOrder!], $search: String, $withCustomFields: Boolean! = false) {
    warranties(first: $first, after: $after, filter: $filter, orderBy: $orderBy, search: $search) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...WarrantyRow
          customFields @include(if: $withCustomFields) {
            key
            value
          }
        }
      }
    }
  }
`);

export const RepairOrderRowFragment = graphql(`
  fragment RepairOrderRow on RepairOrder {
    id
    number
    displayNumber
    status
    serialNumber
    receivedOn
    problem
    currency
    total {
      amount
      currency
    }
    company {
      id
      name
    }
    product {
      id
      name
    }
    warranty {
      id
      coverage
      status
    }
    owner {
      id
      fullName
    }
  }
`);

export const RepairOrdersDocument = graphql(`
  query RepairOrders($first: Int!, $after: String, $filter: RepairOrderFilter, $orderBy: [RepairOrderOrder!], $search: String, $withCustomFields: Boolean! = false) {
    repairOrders(first: $first, after: $after, filter: $filter, orderBy: $orderBy, search: $search) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...RepairOrderRow
          customFields @include(if: $withCustomFields) {
            key
            value
          }
        }
      }
    }
  }
`);

export const RepairOptionsDocument = graphql(`
  query RepairOptions {
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
    products(first: 100, orderBy: [{ name: ASC }]) {
      edges {
        node {
          id
          name
          sku
          active
          prices {
            minQuantity
            unitPrice
            priceBook {
              id
              currency
              active
            }
          }
        }
      }
    }
  }
`);

export const RepairOrderDocument = graphql(`
  query RepairOrder($id: ID!, $withCustomFields: Boolean! = false) {
    node(id: $id) {
      __typename
      ... on RepairOrder {
        customFields @include(if: $withCustomFields) {
          key
          value
        }
        ...RepairOrderRow
        diagnosis
        taxRate
        returnedAt
        deletedAt
        nextStatuses
        contact {
          id
          fullName
        }
        ticket {
          id
          subject
        }
        warranty {
          id
          coverage
          status
          serialNumber
          endDate
        }
        invoice {
          id
          displayNumber
          status
        }
        subtotal {
          amount
          currency
        }
        coveredAmount {
          amount
          currency
        }
        taxAmount {
          amount
          currency
        }
        lines {
          id
          position
          kind
          description
          quantity
          unitPrice
          priceOverridden
          covered
          product {
            id
            name
            sku
          }
          amount {
            amount
            currency
          }
          charged {
            amount
            currency
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

export const WarrantyDocument = graphql(`
  query Warranty($id: ID!, $withCustomFields: Boolean! = false) {
    node(id: $id) {
      __typename
      ... on Warranty {
        ...WarrantyRow
        order {
          id
          number
        }
        createdAt
        updatedAt
        customFields @include(if: $withCustomFields) {
          key
          value
        }
        history(first: 50) {
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

export const CreateWarrantyDocument = graphql(`
  mutation CreateWarranty($input: CreateWarrantyInput!) {
    createWarranty(input: $input) {
      warranty {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateWarrantyDocument = graphql(`
  mutation UpdateWarranty($input: UpdateWarrantyInput!) {
    updateWarranty(input: $input) {
      warranty {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const VoidWarrantyDocument = graphql(`
  mutation VoidWarranty($input: VoidWarrantyInput!) {
    voidWarranty(input: $input) {
      warranty {
        id
        status
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteWarrantyDocument = graphql(`
  mutation DeleteWarranty($input: WarrantyIdInput!) {
    deleteWarranty(input: $input) {
      warranty {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RestoreWarrantyDocument = graphql(`
  mutation RestoreWarranty($input: WarrantyIdInput!) {
    restoreWarranty(input: $input) {
      warranty {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const CreateRepairOrderDocument = graphql(`
  mutation CreateRepairOrder($input: CreateRepairOrderInput!) {
    createRepairOrder(input: $input) {
      repairOrder {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateRepairOrderDocument = graphql(`
  mutation UpdateRepairOrder($input: UpdateRepairOrderInput!) {
    updateRepairOrder(input: $input) {
      repairOrder {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const MoveRepairOrderDocument = graphql(`
  mutation MoveRepairOrder($input: MoveRepairOrderInput!) {
    moveRepairOrder(input: $input) {
      repairOrder {
        id
        status
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteRepairOrderDocument = graphql(`
  mutation DeleteRepairOrder($input: RepairOrderIdInput!) {
    deleteRepairOrder(input: $input) {
      repairOrder {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RestoreRepairOrderDocument = graphql(`
  mutation RestoreRepairOrder($input: RepairOrderIdInput!) {
    restoreRepairOrder(input: $input) {
      repairOrder {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const AddRepairLineDocument = graphql(`
  mutation AddRepairLine($input: AddRepairLineInput!) {
    addRepairLine(input: $input) {
      repairOrder {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateRepairLineDocument = graphql(`
  mutation UpdateRepairLine($input: UpdateRepairLineInput!) {
    updateRepairLine(input: $input) {
      repairOrder {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RemoveRepairLineDocument = graphql(`
  mutation RemoveRepairLine($input: RemoveRepairLineInput!) {
    removeRepairLine(input: $input) {
      repairOrder {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const InvoiceRepairOrderDocument = graphql(`
  mutation InvoiceRepairOrder($input: RepairOrderIdInput!) {
    invoiceRepairOrder(input: $input) {
      repairOrder {
        id
      }
      invoice {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

