import { hrefOf, parseHash, type Route } from './router';

class Router {
  current = $state<Route>(parseHash(typeof location === 'undefined' ? '' : location.hash));

  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener('hashchange', () => {
        this.current = parseHash(location.hash);
      });
    }
  }

  go(route: Route): void {
    const href = hrefOf(route);
    if (location.hash === href || (href === '#/' && location.hash === '')) {
      this.current = parseHash(href);
    } else {
      location.hash = href;
    }
  }
}

export const router = new Router();
