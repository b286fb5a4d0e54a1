import { create } from 'zustand';
import { connectionsApi } from '../../api/endpoints';
import type { Connection } from '../../api/types';

interface ConnectionsState {
  list: Connection[];
  loaded: boolean;
  load: () => Promise<void>;
}

export const useConnections = create<ConnectionsState>((set) => ({
  list: [],
  loaded: false,
  load: async () => {
    try {
      set({ list: await connectionsApi.list(), loaded: true });
    } catch {
      set({ list: [], loaded: true });
    }
  },
}));
