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

export const CatalogOrdersDocument = graphql(`
  query CatalogOrders($first: Int!) {
    orders(first: $first) {
      totalCount
      edges {
        node {
          id
          number
          status
          createdAt
          total {
            amount
            currency
          }
          deal {
            id
            title
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
          }
        }
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
        field
        message
        code
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
        field
        message
        code
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
        field
        message
        code
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
        field
        message
        code
      }
    }
  }
`);
