import { graphql } from '../../gql/tenant';

// What every view of an activity shows; `kind` is left to the two fragments below.
export const ActivityPartsFragment = graphql(`
  fragment ActivityParts on Activity {
    id
    subject
    status
    priority
    dueAt
    startsAt
    endsAt
    recordId
    recordType
    assignee {
      id
      fullName
      email
    }
  }
`);

export const ActivityItemFragment = graphql(`
  fragment ActivityItem on Activity {
    ...ActivityParts
    kind
  }
`);

// An activity as a timeline shows it among interactions (whose `kind` is another enum: aliased here).
export const TimelineActivityFragment = graphql(`
  fragment TimelineActivity on Activity {
    ...ActivityParts
    activityKind: kind
    completedAt
    createdAt
  }
`);

export const RecordActivitiesDocument = graphql(`
  query RecordActivities($record: ID!, $first: Int, $after: String) {
    activities(record: $record, first: $first, after: $after, orderBy: [{ dueAt: ASC }]) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          ...ActivityItem
        }
      }
    }
  }
`);

export const MyDayDocument = graphql(`
  query MyDay($endOfToday: DateTime!, $startOfToday: DateTime!) {
    due: activities(
      filter: { mine: true, status: { eq: OPEN }, dueAt: { lte: $endOfToday } }
      orderBy: [{ dueAt: ASC }]
      first: 100
    ) {
      totalCount
      edges {
        node {
          ...ActivityItem
        }
      }
    }
    meetings: calendar(from: $startOfToday, to: $endOfToday) {
      startsAt
      endsAt
      occurrence
      activity {
        ...ActivityItem
      }
    }
    myReminders {
      id
      kind
      message
      recordId
      recordType
      dueAt
      sentAt
    }
  }
`);

export const CalendarDocument = graphql(`
  query ActivityCalendar($from: DateTime!, $to: DateTime!) {
    calendar(from: $from, to: $to) {
      startsAt
      endsAt
      occurrence
      activity {
        ...ActivityItem
      }
    }
  }
`);

export const CreateActivityDocument = graphql(`
  mutation CreateActivity($input: CreateActivityInput!) {
    createActivity(input: $input) {
      activity {
        ...ActivityItem
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RescheduleActivityDocument = graphql(`
  mutation RescheduleActivity($input: UpdateActivityInput!) {
    updateActivity(input: $input) {
      activity {
        ...ActivityItem
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const CompleteActivityDocument = graphql(`
  mutation CompleteActivity($input: RecordIdInput!) {
    completeActivity(input: $input) {
      activity {
        ...ActivityItem
      }
      nextActivity {
        ...ActivityItem
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteActivityDocument = graphql(`
  mutation DeleteActivity($input: RecordIdInput!) {
    deleteActivity(input: $input) {
      activity {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RestoreActivityDocument = graphql(`
  mutation RestoreActivity($input: RecordIdInput!) {
    restoreActivity(input: $input) {
      activity {
        id
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);
