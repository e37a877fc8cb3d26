import { IconCalendar, IconSun } from '../../components/icons';
import type { CrmModule } from '../types';
import { CalendarPage } from './CalendarPage';
import { MyDayPage } from './MyDayPage';
import { TaskPanel } from './TaskPanel';
import { en, zhCN } from './translations';

/** Tasks, calls, meetings and notes: My day, the calendar, and a task panel on every record page. */
export const activitiesModule: CrmModule = {
  id: 'activities',
  routes: [
    { path: 'activities/my-day', element: <MyDayPage /> },
    { path: 'activities/calendar', element: <CalendarPage /> },
  ],
  nav: [
    { to: '/activities/my-day', label: 'activities:nav.myDay', icon: IconSun, order: 50 },
    { to: '/activities/calendar', label: 'activities:nav.calendar', icon: IconCalendar, order: 60 },
  ],
  commands: [
    { id: 'new-task', label: 'activities:command.newTask', keywords: ['create', 'add', 'todo', '新建', '待办'], order: 150, run: ({ navigate }) => navigate('/activities/my-day') },
    { id: 'calendar', label: 'activities:command.calendar', keywords: ['schedule', 'agenda', '日程'], order: 160, run: ({ navigate }) => navigate('/activities/calendar') },
  ],
  // Every record page that shows panels (company, contact, lead, deal, ticket, contract, order…) lists its tasks.
  recordPanels: [{ id: 'tasks', recordTypes: ['*'], order: 100, component: TaskPanel }],
  translations: { en, 'zh-CN': zhCN },
};
