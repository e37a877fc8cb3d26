import { graphql } from '../../gql/tenant';

export const CatalogProductsDocument = graphql(`
  query CatalogProducts($first: Int!) {
    products(first: $first) {
      totalCount
      edges {
        node {
          id
          name
          sku
          unit
          active
          prices {
            id
            minQuantity
            unitPrice
            priceBook {
              id
              name
              currency
              active
            }
          }
        }
      }
    }
  }
`);

export const CatalogProductDocument = graphql(`
  query CatalogProduct($id: ID!) {
    node(id: $id) {
      __typename
      ... on Product {
        id
        name
        sku
        unit
        active
        description
        prices {
          id
          minQuantity
          unitPrice
          priceBook {
            id
            name
            currency
            active
          }
        }
      }
    }
  }
`);

export const OrderRowFragment = graphql(`
  fragment OrderRow on Order {
    id
    number
    status
    createdAt
    closedAt
    total {
      amount
      currency
    }
    deal {
      id
      title
      company {
        id
        name
      }
    }
    quote {
      id
      number
      version
    }
    lines {
      id
      description
      quantity
      fulfilledQuantity
      amount {
        amount
        currency
      }
      product {
        id
        name
      }
    }
  }
`);

export const CatalogOrdersDocument = graphql(`
  query CatalogOrders($first: Int!, $after: String, $filter: OrderFilter, $orderBy: [OrderOrder!], $search: String, $withCustomFields: Boolean! = false) {
    orders(first: $first, after: $after, filter: $filter, orderBy: $orderBy, search: $search) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...OrderRow
          customFields @include(if: $withCustomFields) {
            key
            value
          }
        }
      }
    }
  }
`);

export const CatalogOrderDocument = graphql(`
  query CatalogOrder($id: ID!, $withCustomFields: Boolean! = false) {
    node(id: $id) {
      __typename
      ... on Order {
        ...OrderRow
        customFields @include(if: $withCustomFields) {
          key
          value
        }
        owner {
          id
          fullName
          email
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

export const FulfilOrderDocument = graphql(`
  mutation CatalogFulfilOrder($input: FulfilOrderInput!) {
    fulfilOrder(input: $input) {
      order {
        ...OrderRow
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const CancelOrderDocument = graphql(`
  mutation CatalogCancelOrder($input: OrderIdInput!) {
    cancelOrder(input: $input) {
      order {
        ...OrderRow
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateOrderDocument = graphql(`
  mutation CatalogUpdateOrder($input: UpdateOrderInput!) {
    updateOrder(input: $input) {
      order {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DealQuotesDocument = graphql(`
  query DealQuotes($dealId: ID!) {
    node(id: $dealId) {
      __typename
      ... on Deal {
        id
        amount {
          currency
        }
      }
    }
    quotes(first: 50, filter: { deal: { eq: $dealId }, isLatest: { eq: true } }) {
      edges {
        node {
          ...QuoteDetail
        }
      }
    }
  }
`);

export const QuoteDetailFragment = graphql(`
  fragment QuoteDetail on Quote {
    id
    number
    version
    status
    currency
    pdfUrl
    discountPercent
    taxes {
      name
      rate
      amount
    }
    subtotal {
      amount
      currency
    }
    discountAmount {
      amount
    }
    taxAmount {
      amount
    }
    total {
      amount
      currency
    }
    lines {
      id
      quantity
      unitPrice
      priceOverridden
      discountPercent
      amount {
        amount
      }
      product {
        id
        name
      }
    }
    order {
      id
      number
      status
    }
  }
`);

export const CreateQuoteDocument = graphql(`
  mutation CatalogCreateQuote($input: CreateQuoteInput!) {
    createQuote(input: $input) {
      quote {
        ...QuoteDetail
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateQuoteDocument = graphql(`
  mutation CatalogUpdateQuote($input: UpdateQuoteInput!) {
    updateQuote(input: $input) {
      quote {
        ...QuoteDetail
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const SendQuoteDocument = graphql(`
  mutation CatalogSendQuote($input: QuoteIdInput!) {
    sendQuote(input: $input) {
      quote {
        id
        status
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const AcceptQuoteDocument = graphql(`
  mutation CatalogAcceptQuote($input: QuoteIdInput!) {
    acceptQuote(input: $input) {
      quote {
        id
        status
      }
      order {
        id
        number
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteOrderDocument = graphql(`
  mutation CatalogDeleteOrder($input: OrderIdInput!) {
    deleteOrder(input: $input) {
      order {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RestoreOrderDocument = graphql(`
  mutation CatalogRestoreOrder($input: OrderIdInput!) {
    restoreOrder(input: $input) {
      order {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);
