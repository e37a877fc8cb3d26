import type { CodegenConfig } from '@graphql-codegen/cli';

// Two schemas, two typed `graphql()` functions: pages of the public site (src/public/)
// talk to schema/public.graphql, everything else to schema/tenant.graphql.
// The .graphql files are exported by `manage.py export_schema` (see `make schema`).
const presetConfig = { fragmentMasking: false } as const;
const config: CodegenConfig = {
  overwrite: true,
  ignoreNoDocuments: true,
  generates: {
    'src/gql/public/': {
      schema: 'schema/public.graphql',
      documents: ['src/public/**/*.{ts,tsx}', '!src/**/*.test.{ts,tsx}'],
      preset: 'client',
      presetConfig,
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string', Date: 'string', Decimal: 'string' } },
    },
    'src/gql/tenant/': {
      schema: 'schema/tenant.graphql',
      documents: ['src/**/*.{ts,tsx}', '!src/public/**', '!src/gql/**', '!src/**/*.test.{ts,tsx}'],
      preset: 'client',
      presetConfig,
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string', Date: 'string', Decimal: 'string' } },
    },
  },
};
export default config;
