import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, query } from '../../api/client';

export interface Account {
  id: string;
  username: string;
  displayName: string;
  county: { id: string; name: string } | null;
  orgUnit: { code: string; name: string } | null;
  systemRoles: string[];
  active: boolean;
  mustChangePassword: boolean;
  demo: boolean;
  lastLoginAt: string | null;
  createdAt: string | null;
}

export interface Placement {
  id: string;
  name: string;
  orgUnits: { code: string; name: string; kind: string }[];
}

export interface AccountFilter {
  q?: string;
  county?: string;
  orgUnit?: string;
  role?: string;
  active?: string;
  offset?: number;
}

export interface AccountInput {
  username?: string;
  displayName: string;
  county?: string | null;
  orgUnit?: string | null;
  systemRoles: string[];
}

export interface WithPassword {
  account: Account;
  oneTimePassword: string;
}

export const useAccounts = (filter: AccountFilter) =>
  useQuery({
    queryKey: ['accounts', filter],
    queryFn: () =>
      api.get<{ total: number; items: Account[] }>(`/admin/users${query({ ...filter, limit: 50 })}`),
  });

export const usePlacements = () =>
  useQuery({ queryKey: ['placements'], queryFn: () => api.get<Placement[]>('/admin/users/placements') });

/** Every change reloads the list: the server decides what the account looks like now. */
export function useAccountAction<T, A>(run: (arg: A) => Promise<T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => client.invalidateQueries({ queryKey: ['accounts'] }),
  });
}

export const accountsApi = {
  create: (input: AccountInput) => api.post<WithPassword>('/admin/users', input),
  update: (id: string, input: AccountInput) => api.patch<Account>(`/admin/users/${id}`, input),
  setActive: (id: string, active: boolean) =>
    api.post<Account>(`/admin/users/${id}/${active ? 'enable' : 'disable'}`),
  resetPassword: (id: string) => api.post<WithPassword>(`/admin/users/${id}/reset-password`),
  unlock: (id: string) => api.post<void>(`/admin/users/${id}/unlock`),
};
