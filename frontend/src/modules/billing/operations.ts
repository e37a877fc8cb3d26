import { graphql } from '../../gql/tenant';

export const BillingDocument = graphql(`
  query Billing {
    billing {
      plan {
        code
        name
      }
      status
      standing
      trialEndsAt
      trialDaysLeft
      seatsUsed
      currentPeriodEnd
      cancelAtPeriodEnd
      usage {
        name
        used
        limit
      }
      invoices {
        number
        status
        amountDue {
          amount
          currency
        }
        url
        createdAt
      }
      plans {
        code
        name
        purchasable
        pricePerSeat {
          amount
          currency
        }
      }
    }
  }
`);

export const WorkspaceStandingDocument = graphql(`
  query WorkspaceStanding {
    workspaceStanding
  }
`);

export const StartCheckoutDocument = graphql(`
  mutation StartCheckout($input: StartCheckoutInput!) {
    startCheckout(input: $input) {
      url
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const OpenBillingPortalDocument = graphql(`
  mutation OpenBillingPortal {
    openBillingPortal {
      url
      errors {
        ...UserErrorParts
      }
    }
  }
`);
