/** The roles of the access policy (src/Grains/Actors/Actor.cs). */
export type Role = 'GridWorker' | 'Intake' | 'ShiftLeader' | 'Dispatcher' | 'UnitHandler' | 'Leader' | 'Administrator';

export const roles: readonly Role[] = ['GridWorker', 'Intake', 'ShiftLeader', 'Dispatcher', 'UnitHandler', 'Leader', 'Administrator'];

/** The kinds of unit (UnitKind of src/Grains/Catalogue/CatalogueModel.cs). */
export type UnitKind = 'DistrictDepartment' | 'StreetOffice' | 'FieldTeam';

/**
 * The places people work: the command console, the leaders' wall, the grid worker's phone, and a
 * field team member's phone.
 */
export type Workplace = 'console' | 'wall' | 'worker' | 'team';

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

/** Who works where: a unit handler whose unit is a field team is out in the street, with a phone. */
export function workplaceOfUser(user: { role: Role; unitKind?: UnitKind | null }): Workplace {
  return user.role === 'UnitHandler' && user.unitKind === 'FieldTeam' ? 'team' : workplaceFor(user.role);
}

/**
 * Where a role also works besides its home: a leader watches the wall and acts on cases (督办,
 * 吹哨) at the console, so the console admits them too; their home stays the wall.
 */
const alsoWorksAt: Partial<Record<Role, readonly Workplace[]>> = {
  Leader: ['console'],
};

/** Every workplace of a role, home first: the header links between them. */
export function workplacesOf(role: Role): Workplace[] {
  return [workplaceOf[role], ...(alsoWorksAt[role] ?? [])];
}

/** The roles each workplace admits; a route guard sends everyone else to their own. */
export function rolesOf(workplace: Workplace): Role[] {
  return roles.filter((role) => workplacesOf(role).includes(workplace));
}
