import { createHashRouter, Navigate } from 'react-router';
import { Layout } from './Layout';
import { ApplicationsPage } from '../pages/ApplicationsPage';
import { ApplicationFormPage } from '../pages/ApplicationFormPage';

// Hash routing: works the same from app:// (Electron) and http://127.0.0.1 (web host).
export const router = createHashRouter([
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: <Navigate to="/applications" replace /> },
      { path: 'applications', element: <ApplicationsPage /> },
      { path: 'customers', element: <ApplicationsPage tab="customers" /> },
      { path: 'applications/new', element: <ApplicationFormPage /> },
      { path: 'applications/:id', element: <ApplicationFormPage /> },
      { path: '*', element: <Navigate to="/applications" replace /> },
    ],
  },
]);
