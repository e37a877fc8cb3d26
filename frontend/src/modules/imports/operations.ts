import { graphql } from '../../gql/tenant';

export const ImportableTypesDocument = graphql(`
  query ImportableTypes {
    importableTypes {
      recordType
      fields {
        name
        label
        labelZh
        kind
        required
        isKey
      }
    }
  }
`);

export const DataImportDocument = graphql(`
  query DataImportStatus($id: ID!) {
    dataImport(id: $id) {
      id
      recordType
      fileName
      headers
      sample
      rowCount
      status
      dryRun
      dedupe
      processedRows
      createdCount
      updatedCount
      skippedCount
      errorCount
      errorCode
      errorMessage
      mapping {
        column
        field
      }
      rowErrors {
        row
        column
        field
        message
        code
      }
    }
  }
`);

export const LastImportDocument = graphql(`
  query LastImport($recordType: String!) {
    lastImport(recordType: $recordType) {
      id
      fileName
      status
      createdCount
      updatedCount
      completedAt
      undoneAt
    }
  }
`);

export const ImportMappingsDocument = graphql(`
  query ImportMappings($recordType: String!) {
    importMappings(recordType: $recordType) {
      id
      name
      mapping {
        column
        field
      }
    }
  }
`);

export const StartImportDocument = graphql(`
  mutation StartImport($input: StartImportInput!) {
    startImport(input: $input) {
      dataImport {
        id
        status
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UndoImportDocument = graphql(`
  mutation UndoImport($input: UndoImportInput!) {
    undoImport(input: $input) {
      dataImport {
        id
        status
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const SaveImportMappingDocument = graphql(`
  mutation SaveImportMapping($input: SaveImportMappingInput!) {
    saveImportMapping(input: $input) {
      importMapping {
        id
        name
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export interface UploadedImport {
  id: string;
  recordType: string;
  fileName: string;
  rowCount: number;
  headers: string[];
  sample: string[][];
  mapping: { column: string; field: string }[];
}

export interface UploadError {
  field: string | null;
  message: string;
  code: string;
}

/** `POST /imports/upload` (multipart; the session cookie authenticates it): the import, or why not. */
export async function uploadImportFile(
  file: File,
  recordType: string,
  encoding: string,
): Promise<{ dataImport?: UploadedImport; errors?: UploadError[] }> {
  const body = new FormData();
  body.append('file', file);
  body.append('recordType', recordType);
  body.append('encoding', encoding);
  const response = await fetch('/imports/upload', { method: 'POST', body, credentials: 'same-origin' });
  try {
    return (await response.json()) as { dataImport?: UploadedImport; errors?: UploadError[] };
  } catch {
    return { errors: [{ field: null, message: response.statusText || String(response.status), code: 'unreadable_answer' }] };
  }
}
