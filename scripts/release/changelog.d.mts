// Types of changelog.mjs for the TypeScript tests.
export declare const SEMVER: RegExp;
export declare function parseVersion(text: string): { major: number; minor: number; patch: number; pre: string | null } | null;
export declare function compareVersions(a: string, b: string): number;
export declare function renderSection(version: string, date: string, subjects: string[]): string;
export declare function prependSection(changelog: string | null, section: string): string;
export declare function sectionOf(changelog: string, version: string): string | null;
