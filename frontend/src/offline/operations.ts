import { graphql } from '../gql/tenant';

/**
 * One page of the change feed (see docs/api-conventions.md, "Incremental sync"): a first pass of the
 * member's own records only (`mine`), or of the records asked by `ids`.
 */
export const OfflineChangesDocument = graphql(`
  query OfflineChanges($since: String, $types: [RecordType!], $first: Int, $ids: [ID!]) {
    changes(since: $since, types: $types, first: $first, mine: true, ids: $ids) {
      cursor
      hasMore
      changes {
        id
        recordType
        action
        version
        values
      }
    }
  }
`);
