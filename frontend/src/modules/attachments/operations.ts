import { graphql } from '../../gql/tenant';

export const RecordAttachmentsDocument = graphql(`
  query RecordAttachments($record: ID!, $first: Int, $after: String) {
    attachments(record: $record, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          id
          fileName
          contentType
          size
          createdAt
          downloadUrl
          previewUrl
          uploadedBy {
            id
            fullName
            email
          }
        }
      }
    }
  }
`);

export const DeleteAttachmentDocument = graphql(`
  mutation DeleteAttachment($input: RecordIdInput!) {
    deleteAttachment(input: $input) {
      attachment {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RestoreAttachmentDocument = graphql(`
  mutation RestoreAttachment($input: RecordIdInput!) {
    restoreAttachment(input: $input) {
      attachment {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);
