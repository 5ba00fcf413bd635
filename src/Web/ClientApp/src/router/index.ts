import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { loadSession, session } from '../session/session';
import { rolesOf, workplaceOfUser, type Role, type UnitKind, type Workplace } from '../session/roles';
import SignInView from '../views/SignInView.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** Roles admitted; absent means anyone, signed in or not. */
    roles?: Role[];
    /** Only for those who work there (e.g. the team view: a unit handler of a field team, not of a department). */
    workplace?: Workplace;
  }
}

// Each workplace is its own chunk: the worker's phone never downloads ECharts, the wall never the report form.
const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', redirect: () => homeOf(session.user) },
  { path: '/sign-in', name: 'sign-in', component: SignInView },
  { path: '/console', name: 'console', component: () => import('../views/ConsoleView.vue'), meta: { roles: rolesOf('console') } },
  { path: '/wall', name: 'wall', component: () => import('../views/WallView.vue'), meta: { roles: rolesOf('wall') } },
  { path: '/worker', name: 'worker', component: () => import('../views/WorkerView.vue'), meta: { roles: rolesOf('worker') } },
  { path: '/team', name: 'team', component: () => import('../views/TeamView.vue'), meta: { roles: ['UnitHandler'], workplace: 'team' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('../views/NotFoundView.vue') },
];

/** Who a route decides on: the role, and the kind of unit (a field team's member works elsewhere than a department's). */
type Person = { role: Role; unitKind?: UnitKind | null };

/** Where a user works; the sign-in page for nobody. */
export function homeOf(user: Person | null): string {
  return user ? `/${workplaceOfUser(user)}` : '/sign-in';
}

function admits(meta: { roles?: Role[]; workplace?: Workplace }, user: Person): boolean {
  return (!meta.roles || meta.roles.includes(user.role)) && (!meta.workplace || meta.workplace === workplaceOfUser(user));
}

/** The page to return to after signing in, if the user may see it. */
export function returnPath(target: string | null | undefined, user: Person): string {
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//')) {
    return homeOf(user);
  }
  const resolved = router.resolve(target);
  return resolved.name !== 'sign-in' && resolved.name !== 'not-found' && admits(resolved.meta, user) ? resolved.fullPath : homeOf(user);
}

export const router = createRouter({ history: createWebHistory('/'), routes });

router.beforeEach(async (to) => {
  if (!session.known) {
    try {
      await loadSession();
    } catch {
      // The node cannot be reached: the sign-in page says so when it tries.
    }
  }

  const user = session.user;
  const admitted = to.meta.roles;
  if (admitted) {
    if (!user) {
      return { name: 'sign-in', query: { redirect: to.fullPath } };
    }
    if (!admits(to.meta, user)) {
      return homeOf(user);
    }
  }
  if (to.name === 'sign-in' && user) {
    return returnPath(typeof to.query.redirect === 'string' ? to.query.redirect : null, user);
  }
  return true;
});
