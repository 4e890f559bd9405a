/**
 * Every address in the app, in one place: the path builders the links use,
 * the sections the sidebar lists, and the patterns App.tsx routes by. An
 * address carries its engine (`#/engines/<engine>/containers/<id>`), so a
 * link, the back button and a reload land on the same object of the same
 * engine; `#/all/<section>` is a list merged across every engine.
 */
const ENGINE = '/engines/:engine';

const at = (engine: string) => `/engines/${encodeURIComponent(engine)}`;

export const paths = {
  /** The engine's own prefix: every address of its objects starts with it. */
  home: (engine: string) => at(engine),
  containers: (engine: string) => `${at(engine)}/containers`,
  container: (engine: string, id: string) => `${at(engine)}/containers/${encodeURIComponent(id)}`,
  projectLogs: (engine: string, project: string) => `${at(engine)}/projects/${encodeURIComponent(project)}/logs`,
  images: (engine: string) => `${at(engine)}/images`,
  image: (engine: string, id: string) => `${at(engine)}/images/${encodeURIComponent(id)}`,
  volumes: (engine: string) => `${at(engine)}/volumes`,
  volume: (engine: string, name: string) => `${at(engine)}/volumes/${encodeURIComponent(name)}`,
  networks: (engine: string) => `${at(engine)}/networks`,
  network: (engine: string, id: string) => `${at(engine)}/networks/${encodeURIComponent(id)}`,
  engine: (engine: string) => `${at(engine)}/engine`,
  cleanup: (engine: string) => `${at(engine)}/cleanup`,
  events: (engine: string) => `${at(engine)}/events`,
  activity: (engine: string) => `${at(engine)}/activity`,
  registries: (engine: string) => `${at(engine)}/registries`,
  all: (section: MergedSection) => `/all/${section}`,
} as const;

/** The patterns App.tsx matches, beside the builders above. */
export const patterns = {
  engine: ENGINE,
  containers: `${ENGINE}/containers`,
  container: `${ENGINE}/containers/:id`,
  projectLogs: `${ENGINE}/projects/:name/logs`,
  images: `${ENGINE}/images`,
  image: `${ENGINE}/images/:id`,
  volumes: `${ENGINE}/volumes`,
  volume: `${ENGINE}/volumes/:name`,
  networks: `${ENGINE}/networks`,
  network: `${ENGINE}/networks/:id`,
  engineInfo: `${ENGINE}/engine`,
  cleanup: `${ENGINE}/cleanup`,
  events: `${ENGINE}/events`,
  activity: `${ENGINE}/activity`,
  registries: `${ENGINE}/registries`,
  all: '/all/:section',
} as const;

/** A path as an <a href>: the app routes on the hash. */
export function href(path: string): string {
  return `#${path}`;
}

export type Section = 'containers' | 'images' | 'volumes' | 'networks' | 'engine' | 'cleanup' | 'events' | 'activity' | 'registries';
/** The sections a merged list of one kind's objects exists for (views/all/AllEnginesView.tsx). */
export type MergedListSection = 'containers' | 'images' | 'volumes' | 'networks';
/** The sections "All engines" has: the merged lists, and every engine's jobs (views/activity/AllActivityView.tsx). */
export type MergedSection = MergedListSection | 'activity';

export const SECTIONS: readonly { section: Section; label: string }[] = [
  { section: 'containers', label: 'Containers' },
  { section: 'images', label: 'Images' },
  { section: 'volumes', label: 'Volumes' },
  { section: 'networks', label: 'Networks' },
  { section: 'engine', label: 'Engine' },
  { section: 'cleanup', label: 'Cleanup' },
  { section: 'events', label: 'Events' },
  { section: 'activity', label: 'Activity' },
  { section: 'registries', label: 'Registries' },
];

export function isMergedListSection(section: string): section is MergedListSection {
  return section === 'containers' || section === 'images' || section === 'volumes' || section === 'networks';
}

export function isMergedSection(section: string): section is MergedSection {
  return isMergedListSection(section) || section === 'activity';
}

/** Where an address is: the engine it names ("all" for a merged list), and its section. */
export function placeOf(location: string): { engine: string | null; all: boolean; section: Section | null } {
  const one = /^\/engines\/([^/]+)(?:\/([a-z]+))?/.exec(location);
  if (one) {
    const word = one[2] === 'projects' ? 'containers' : one[2];
    const section = SECTIONS.find((s) => s.section === word)?.section ?? null;
    return { engine: decodeURIComponent(one[1]!), all: false, section };
  }
  const all = /^\/all\/([a-z]+)/.exec(location);
  if (all) return { engine: null, all: true, section: isMergedSection(all[1]!) ? all[1] : null };
  return { engine: null, all: false, section: null };
}

/** The same section on another engine, or in the merged list. */
export function sectionPath(section: Section, engine: string | 'all'): string {
  if (engine === 'all') return paths.all(isMergedSection(section) ? section : 'containers');
  return paths[section](engine);
}
