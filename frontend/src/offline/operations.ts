import { graphql } from '../gql/tenant';

/** One page of the change feed (see docs/api-conventions.md, "Incremental sync"). */
export const OfflineChangesDocument = graphql(`
  query OfflineChanges($since: String, $types: [RecordType!], $first: Int) {
    changes(since: $since, types: $types, first: $first) {
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
