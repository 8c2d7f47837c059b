import { createHashRouter, Navigate } from 'react-router';
import { StorePage } from '../pages/StorePage';
import { Layout } from './Layout';
import { ApplicationsPage } from '../pages/ApplicationsPage';
import { ApplicationFormPage } from '../pages/ApplicationFormPage';
import { QuotesPage } from '../pages/QuotesPage';
import { DocumentsPage } from '../pages/DocumentsPage';
import { DocumentsIndexPage } from '../pages/DocumentsIndexPage';
import { WorkflowPage } from '../pages/WorkflowPage';
import { SyncPage } from '../pages/SyncPage';
import { DashboardPage } from '../pages/DashboardPage';
import { SearchPage } from '../pages/SearchPage';
import { QuoteBuilderPage } from '../pages/QuoteBuilderPage';
import { MyPerformancePage } from '../pages/MyPerformancePage';
import { ServicePage } from '../pages/ServicePage';
import { ConsentPage } from '../pages/ConsentPage';
import { ProspectsPage } from '../pages/ProspectsPage';

// Hash routing: works the same from app:// (Electron) and http://127.0.0.1 (web host).
export const router = createHashRouter([
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: <Navigate to="/dashboard" replace /> },
      { path: 'dashboard', element: <DashboardPage /> },
      { path: 'search', element: <SearchPage /> },
      { path: 'applications', element: <ApplicationsPage /> },
      { path: 'customers', element: <ApplicationsPage tab="customers" /> },
      { path: 'applications/new', element: <ApplicationFormPage /> },
      { path: 'applications/:id', element: <ApplicationFormPage /> },
      { path: 'applications/:id/documents', element: <DocumentsPage /> },
      { path: 'documents', element: <DocumentsIndexPage /> },
      { path: 'sync', element: <SyncPage /> },
      { path: 'store', element: <StorePage /> },
      { path: 'applications/:id/workflow', element: <WorkflowPage /> },
      { path: 'applications/:id/service', element: <ServicePage /> },
      { path: 'applications/:id/consents', element: <ConsentPage /> },
      { path: 'quotes', element: <QuotesPage /> },
      { path: 'quotes/new', element: <QuoteBuilderPage /> },
      { path: 'quotes/:quoteId', element: <QuoteBuilderPage /> },
      { path: 'performance', element: <MyPerformancePage /> },
      { path: 'prospects', element: <ProspectsPage /> },
      { path: '*', element: <Navigate to="/dashboard" replace /> },
    ],
  },
]);
