import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { loadSession, session } from '../session/session';
import { rolesOf, workplaceFor, type Role } from '../session/roles';
import SignInView from '../views/SignInView.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** Roles admitted; absent means anyone, signed in or not. */
    roles?: Role[];
  }
}

// Each workplace is its own chunk: the worker's phone never downloads ECharts, the wall never the report form.
const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', redirect: () => homeOf(session.user?.role ?? null) },
  { path: '/sign-in', name: 'sign-in', component: SignInView },
  { path: '/console', name: 'console', component: () => import('../views/ConsoleView.vue'), meta: { roles: rolesOf('console') } },
  { path: '/wall', name: 'wall', component: () => import('../views/WallView.vue'), meta: { roles: rolesOf('wall') } },
  { path: '/worker', name: 'worker', component: () => import('../views/WorkerView.vue'), meta: { roles: rolesOf('worker') } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('../views/NotFoundView.vue') },
];

/** Where a role works; the sign-in page for nobody. */
export function homeOf(role: Role | null): string {
  return role ? `/${workplaceFor(role)}` : '/sign-in';
}

/** The page to return to after signing in, if the role may see it. */
export function returnPath(target: string | null | undefined, role: Role): string {
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//')) {
    return homeOf(role);
  }
  const resolved = router.resolve(target);
  const admitted = resolved.meta.roles;
  return resolved.name !== 'sign-in' && resolved.name !== 'not-found' && (!admitted || admitted.includes(role)) ? resolved.fullPath : homeOf(role);
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
    if (!admitted.includes(user.role)) {
      return homeOf(user.role);
    }
  }
  if (to.name === 'sign-in' && user) {
    return returnPath(typeof to.query.redirect === 'string' ? to.query.redirect : null, user.role);
  }
  return true;
});
