// What the whole app needs to know: the app info and the current organization.
import { call, commands } from './api';
import type { AppInfo, DashboardScreenData, OrganizationRecord } from './contract';
import { localToday } from './dates';
import { startupMark } from './startupMark';
import { warmFormatters } from './format';
import { locale } from './locale.svelte';

export type { AppInfo } from './contract';
const ORG_KEY = 'autoinvoice.org';

class Session {
  info = $state<AppInfo | null>(null);
  orgs = $state<OrganizationRecord[]>([]);
  org = $state<OrganizationRecord | null>(null);
  loaded = $state(false);
  /** The first organization's dashboard, prepared by Rust while the window opened; taken
   * once by the dashboard's first showing. */
  #firstDashboard: DashboardScreenData | null = null;

  get orgId(): number | null {
    return this.org?.id ?? null;
  }

  get today(): string {
    return this.info?.today ?? localToday();
  }

  async load(): Promise<void> {
    // One call: Rust prepared it while the window was being built. While it travels, the
    // formatters the first screen needs are made.
    const pending = call(commands.firstScreen());
    warmFormatters(locale.lang);
    const first = await pending;
    this.info = first.info;
    this.#firstDashboard = first.dashboard;
    this.setOrgs(first.organizations);
    this.loaded = true;
    startupMark('session loaded');
  }

  /** The prepared dashboard of `orgId`, once; null when there is none for it. */
  takeFirstDashboard(orgId: number | null): DashboardScreenData | null {
    const d = this.#firstDashboard;
    this.#firstDashboard = null;
    return d && d.org_id === orgId ? d : null;
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
