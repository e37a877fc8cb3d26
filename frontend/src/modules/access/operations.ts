import { graphql } from '../../gql/tenant';


export const UsersDocument = graphql(`
  query AccessUsers {
    users(first: 100) {
      totalCount
      edges {
        node {
          id
          userId
          isActive
          email
          fullName
          role
          roleName
          createdAt
        }
      }
    }
    roles {
      key
      name
      isBuiltIn
    }
  }
`);

export const ChangeUserRoleDocument = graphql(`
  mutation ChangeUserRole($input: ChangeUserRoleInput!) {
    changeUserRole(input: $input) {
      member {
        id
        role
        roleName
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeactivateUserDocument = graphql(`
  mutation DeactivateUser($input: DeactivateUserInput!) {
    deactivateUser(input: $input) {
      member {
        id
        isActive
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const ReactivateUserDocument = graphql(`
  mutation ReactivateUser($input: ReactivateUserInput!) {
    reactivateUser(input: $input) {
      member {
        id
        isActive
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const InvitationsDocument = graphql(`
  query AccessInvitations {
    invitations(first: 100) {
      edges {
        node {
          id
          email
          role
          createdAt
          expiresAt
        }
      }
    }
    roles {
      key
      name
      isBuiltIn
    }
    teams(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const InviteUserDocument = graphql(`
  mutation InviteUser($input: InviteUserInput!) {
    inviteUser(input: $input) {
      invitation {
        id
        email
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RevokeInvitationDocument = graphql(`
  mutation RevokeInvitation($input: RevokeInvitationInput!) {
    revokeInvitation(input: $input) {
      invitation {
        id
        revokedAt
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const AcceptInvitationDocument = graphql(`
  mutation AcceptInvitation($input: AcceptInvitationInput!) {
    acceptInvitation(input: $input) {
      token
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RolesDocument = graphql(`
  query AccessRoles {
    roles {
      key
      name
      description
      isBuiltIn
      permissions {
        recordType
        action
        scope
      }
      fieldRules {
        recordType
        field
        rule
      }
    }
  }
`);

export const CreateRoleDocument = graphql(`
  mutation CreateRole($input: CreateRoleInput!) {
    createRole(input: $input) {
      role {
        key
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateRoleDocument = graphql(`
  mutation UpdateRole($input: UpdateRoleInput!) {
    updateRole(input: $input) {
      role {
        key
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteRoleDocument = graphql(`
  mutation DeleteRole($input: DeleteRoleInput!) {
    deleteRole(input: $input) {
      ok
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const TeamsDocument = graphql(`
  query AccessTeams {
    teams(first: 100) {
      edges {
        node {
          id
          name
          description
          members {
            userId
            isManager
            member {
              id
              fullName
              email
            }
          }
        }
      }
    }
    users(first: 100) {
      edges {
        node {
          id
          userId
          fullName
          email
          isActive
        }
      }
    }
  }
`);

export const CreateTeamDocument = graphql(`
  mutation CreateTeam($input: CreateTeamInput!) {
    createTeam(input: $input) {
      team {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteTeamDocument = graphql(`
  mutation DeleteTeam($input: DeleteTeamInput!) {
    deleteTeam(input: $input) {
      ok
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const AddTeamMemberDocument = graphql(`
  mutation AddTeamMember($input: AddTeamMemberInput!) {
    addTeamMember(input: $input) {
      team {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RemoveTeamMemberDocument = graphql(`
  mutation RemoveTeamMember($input: RemoveTeamMemberInput!) {
    removeTeamMember(input: $input) {
      team {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const ApiKeysDocument = graphql(`
  query AccessApiKeys {
    apiKeys(first: 100) {
      edges {
        node {
          id
          name
          prefix
          role
          createdAt
          lastUsedAt
          revokedAt
          isActive
        }
      }
    }
    roles {
      key
      name
      isBuiltIn
    }
  }
`);

export const CreateApiKeyDocument = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      key
      apiKey {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RevokeApiKeyDocument = graphql(`
  mutation RevokeApiKey($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) {
      apiKey {
        id
        isActive
        revokedAt
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const SecurityDocument = graphql(`
  query AccessSecurity {
    twoFactorEnabled
    mySessions {
      id
      kind
      createdAt
      lastUsedAt
      userAgent
      device {
        browser
        operatingSystem
        model
      }
      ipAddress
      workspace
      current
    }
  }
`);

export const SetUpTwoFactorDocument = graphql(`
  mutation SetUpTwoFactor {
    setUpTwoFactor {
      secret
      provisioningUri
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const ConfirmTwoFactorDocument = graphql(`
  mutation ConfirmTwoFactor($input: TwoFactorCodeInput!) {
    confirmTwoFactor(input: $input) {
      ok
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DisableTwoFactorDocument = graphql(`
  mutation DisableTwoFactor($input: TwoFactorCodeInput!) {
    disableTwoFactor(input: $input) {
      ok
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RevokeSessionDocument = graphql(`
  mutation RevokeSession($input: RevokeSessionInput!) {
    revokeSession(input: $input) {
      ok
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const ChangePasswordDocument = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      ok
      errors {
        ...UserErrorParts
      }
    }
  }
`);

