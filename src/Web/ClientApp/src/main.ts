import { createApp } from 'vue';
import App from './App.vue';
import { i18n, setLocale } from './i18n';
import { router } from './router';
import { closeLiveConnection } from './live/useLive';
import { onSessionExpired } from './session/session';
import './styles/base.css';

setLocale(i18n.global.locale.value);

// Any 401 ends the session: back to sign-in, remembering where the user was. Typed input is
// already in sessionStorage (drafts), so the form they return to is as they left it.
onSessionExpired(() => {
  void closeLiveConnection();
  const here = router.currentRoute.value;
  if (here.name !== 'sign-in') {
    void router.push({ name: 'sign-in', query: { redirect: here.fullPath, expired: '1' } });
  }
});

createApp(App).use(i18n).use(router).mount('#app');
