import { graphql } from '../gql/tenant';

/*
 * The selections every module's documents share, spread by name: a payload's `errors { ...UserErrorParts }`
 * and a connection's `pageInfo { ...NextPageParts }`. graphql-codegen's client preset finds fragments across
 * all of the client's documents and sends each operation with the ones it uses; fragment masking is off
 * (codegen.ts), so the fields show in every operation's own result type, no unmasking at the call site.
 */

/** What a mutation's payload says went wrong: the input field at fault, the words for people, the code. */
export const UserErrorPartsFragment = graphql(`
  fragment UserErrorParts on UserError {
    field
    message
    code
  }
`);

/** Where a list goes on: whether there is a next page and the cursor it starts after. */
export const NextPagePartsFragment = graphql(`
  fragment NextPageParts on PageInfo {
    hasNextPage
    endCursor
  }
`);
