import { createContext, useContext } from 'react';
import type { Permissions } from '../lib/types';

/** Nothing allowed: what the window offers when it does not know who is logged in. */
export const NOTHING: Permissions = {
  read_clinical: false,
  break_glass: false,
  register: false,
  schedule: false,
  prescribe: false,
  give_medicines: false,
  record_allergies: false,
  manage_problems: false,
  record_vitals: false,
  manage_tasks: false,
  share_education: false,
  attach_documents: false,
  note_kinds: [],
};

/** What the logged-in clinician may do (the server's matrix, sent with the status). */
export const PermissionsContext = createContext<Permissions>(NOTHING);

/** What the logged-in clinician may do: the window offers only these actions. */
export function usePermissions(): Permissions {
  return useContext(PermissionsContext);
}
