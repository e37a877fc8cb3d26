import { graphql } from '../../gql/tenant';

export const WorkspaceExportsDocument = graphql(`
  query WorkspaceExports {
    workspaceExports {
      id
      status
      coverage
      totalRecords
      processedRecords
      attachmentFiles
      fileSize
      createdAt
      completedAt
      expiresAt
      downloadUrl
      errorMessage
    }
  }
`);

export const StartWorkspaceExportDocument = graphql(`
  mutation StartWorkspaceExport {
    startWorkspaceExport {
      workspaceExport {
        id
        status
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);
