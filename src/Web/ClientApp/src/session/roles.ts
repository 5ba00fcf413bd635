/** The roles of the access policy (src/Grains/Actors/Actor.cs). */
export type Role = 'GridWorker' | 'Intake' | 'ShiftLeader' | 'Dispatcher' | 'UnitHandler' | 'Leader' | 'Administrator';

export const roles: readonly Role[] = ['GridWorker', 'Intake', 'ShiftLeader', 'Dispatcher', 'UnitHandler', 'Leader', 'Administrator'];

/** The three places people work: the command console, the leaders' wall, the grid worker's phone. */
export type Workplace = 'console' | 'wall' | 'worker';

const workplaceOf: Record<Role, Workplace> = {
  GridWorker: 'worker',
  Intake: 'console',
  ShiftLeader: 'console',
  Dispatcher: 'console',
  UnitHandler: 'console',
  Administrator: 'console',
  Leader: 'wall',
};

export function workplaceFor(role: Role): Workplace {
  return workplaceOf[role];
}

/** The roles each workplace admits; a route guard sends everyone else to their own. */
export function rolesOf(workplace: Workplace): Role[] {
  return roles.filter((role) => workplaceOf[role] === workplace);
}
