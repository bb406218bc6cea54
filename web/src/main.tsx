import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import './i18n';
import './index.css';
import { ApiError, setCsrfToken } from './api/client';
import { App } from './App';

// A 401 anywhere means the session ended on the server (expired or revoked): forget it, and the router shows
// the sign-in page.
const sessionEnded = (err: unknown) => {
  if (err instanceof ApiError && err.status === 401 && err.code !== 'BAD_CREDENTIALS') {
    setCsrfToken(null);
    queryClient.setQueryData(['session'], null);
  }
};
const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: sessionEnded }),
  mutationCache: new MutationCache({ onError: sessionEnded }),
  defaultOptions: {
    queries: { retry: (count, err) => !(err instanceof ApiError) && count < 2, refetchOnWindowFocus: false, staleTime: 15_000 },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
