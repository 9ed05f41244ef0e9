// What the whole app needs to know: the app info and the current organization.
import { call, commands, toFailure } from './api';
import type { AppInfo, OrganizationRecord } from './contract';
import { localToday } from './dates';

export type { AppInfo } from './contract';
const ORG_KEY = 'autoinvoice.org';

class Session {
  info = $state<AppInfo | null>(null);
  orgs = $state<OrganizationRecord[]>([]);
  org = $state<OrganizationRecord | null>(null);
  loaded = $state(false);

  get orgId(): number | null {
    return this.org?.id ?? null;
  }

  get today(): string {
    return this.info?.today ?? localToday();
  }

  async load(): Promise<void> {
    // appInfo cannot fail on the Rust side, so it answers plainly (no Result).
    const info = await commands.appInfo().catch((e: unknown) => {
      throw toFailure(e);
    });
    const orgs = await call(commands.organizations());
    this.info = info;
    this.setOrgs(orgs);
    this.loaded = true;
  }

  async reloadOrgs(preferId?: number): Promise<void> {
    this.setOrgs(await call(commands.organizations()), preferId);
  }

  private setOrgs(orgs: OrganizationRecord[], preferId?: number): void {
    this.orgs = orgs;
    let wanted = preferId;
    if (wanted === undefined) {
      try {
        wanted = Number(localStorage.getItem(ORG_KEY)) || undefined;
      } catch {
        wanted = undefined;
      }
    }
    this.org = orgs.find((o) => o.id === wanted) ?? orgs[0] ?? null;
    if (this.org) {
      try {
        localStorage.setItem(ORG_KEY, String(this.org.id));
      } catch {
        /* not remembered */
      }
    }
  }
}

export const session = new Session();
