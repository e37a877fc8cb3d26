import { graphql } from '../../gql/tenant';

export const InvoiceRowFragment = graphql(`
  fragment InvoiceRow on CustomerInvoice {
    id
    number
    displayNumber
    status
    isOverdue
    currency
    issueDate
    dueDate
    createdAt
    company {
      id
      name
    }
    owner {
      id
      fullName
    }
    total {
      amount
      currency
    }
    balance {
      amount
      currency
    }
  }
`);

export const InvoicesDocument = graphql(`
  query Invoices($first: Int!, $after: String, $filter: InvoiceFilter, $orderBy: [InvoiceOrder!], $search: String, $withCustomFields: Boolean! = false) {
    invoices(first: $first, after: $after, filter: $filter, orderBy: $orderBy, search: $search) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...InvoiceRow
          customFields @include(if: $withCustomFields) {
            key
            value
          }
        }
      }
    }
  }
`);

export const InvoiceCustomersDocument = graphql(`
  query InvoiceCustomers {
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

export const InvoiceDocument = graphql(`
  query Invoice($id: ID!, $withCustomFields: Boolean! = false) {
    node(id: $id) {
      __typename
      ... on CustomerInvoice {
        customFields @include(if: $withCustomFields) {
          key
          value
        }
        id
        number
        displayNumber
        status
        isOverdue
        currency
        paymentTermsDays
        issueDate
        dueDate
        notes
        pdfUrl
        overdueNotifiedAt
        createdAt
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
        lines {
          id
          description
          quantity
          unitPrice
          discountPercent
          taxRate
          product {
            id
          }
          amount {
            amount
          }
        }
        subtotal {
          amount
          currency
        }
        taxAmount {
          amount
          currency
        }
        total {
          amount
          currency
        }
        amountPaid {
          amount
          currency
        }
        balance {
          amount
          currency
        }
        taxes {
          rate
          amount
        }
        payments {
          id
          amount {
            amount
            currency
          }
          paidOn
          method
          reference
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

export const CreateInvoiceDocument = graphql(`
  mutation CreateInvoice($input: CreateInvoiceInput!) {
    createInvoice(input: $input) {
      invoice {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateInvoiceDocument = graphql(`
  mutation UpdateInvoice($input: UpdateInvoiceInput!) {
    updateInvoice(input: $input) {
      invoice {
        id
        status
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const IssueInvoiceDocument = graphql(`
  mutation IssueInvoice($input: InvoiceIdInput!) {
    issueInvoice(input: $input) {
      invoice {
        id
        status
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const VoidInvoiceDocument = graphql(`
  mutation VoidInvoice($input: InvoiceIdInput!) {
    voidInvoice(input: $input) {
      invoice {
        id
        status
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteInvoiceDocument = graphql(`
  mutation DeleteInvoice($input: InvoiceIdInput!) {
    deleteInvoice(input: $input) {
      invoice {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RestoreInvoiceDocument = graphql(`
  mutation RestoreInvoice($input: InvoiceIdInput!) {
    restoreInvoice(input: $input) {
      invoice {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RecordPaymentDocument = graphql(`
  mutation RecordPayment($input: RecordPaymentInput!) {
    recordPayment(input: $input) {
      invoice {
        id
        status
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeletePaymentDocument = graphql(`
  mutation DeletePayment($input: DeletePaymentInput!) {
    deletePayment(input: $input) {
      invoice {
        id
        status
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const InvoiceOrderDocument = graphql(`
  mutation InvoiceOrder($input: InvoiceOrderInput!) {
    invoiceOrder(input: $input) {
      invoice {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const CustomerBalancesDocument = graphql(`
  query CustomerBalances($companyId: ID) {
    customerBalances(companyId: $companyId) {
      currency
      invoiced {
        amount
        currency
      }
      paid {
        amount
        currency
      }
      outstanding {
        amount
        currency
      }
      overdue {
        amount
        currency
      }
    }
    invoices(first: 20, filter: { company: { eq: $companyId } }) {
      totalCount
      edges {
        node {
          ...InvoiceRow
        }
      }
    }
  }
`);

export const DealOrdersInvoicesDocument = graphql(`
  query DealOrdersInvoices($dealId: ID!) {
    orders(first: 20, filter: { deal: { eq: $dealId } }) {
      edges {
        node {
          id
          number
          status
          total {
            amount
            currency
          }
        }
      }
    }
  }
`);

export const OrderInvoicesDocument = graphql(`
  query OrderInvoices($orderIds: [ID!]) {
    invoices(first: 50, filter: { order: { in: $orderIds } }) {
      edges {
        node {
          id
          displayNumber
          status
          order {
            id
          }
        }
      }
    }
  }
`);

export const SearchInvoicesDocument = graphql(`
  query SearchInvoices($q: String!) {
    invoices(first: 5, search: $q) {
      edges {
        node {
          id
          displayNumber
          company {
            name
          }
        }
      }
    }
  }
`);

export const CompanyOutstandingDocument = graphql(`
  query CompanyOutstanding($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Company {
        outstandingBalance {
          amount
          currency
        }
      }
    }
  }
`);
