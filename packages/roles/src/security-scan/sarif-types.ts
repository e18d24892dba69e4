/**
 * The parts of SARIF 2.1.0 this role reads and writes (the schema, not these types, is what validates a log).
 * Field names as in the OASIS specification.
 */
export interface Message {
  text?: string;
  markdown?: string;
}
export interface ArtifactLocation {
  uri?: string;
  uriBaseId?: string;
  index?: number;
}
export interface Region {
  startLine?: number;
  endLine?: number;
}
export interface PhysicalLocation {
  artifactLocation?: ArtifactLocation;
  region?: Region;
}
export interface ReportingDescriptor {
  id: string;
  name?: string;
  shortDescription?: Message;
  helpUri?: string;
  defaultConfiguration?: { level?: 'none' | 'note' | 'warning' | 'error' };
  properties?: Record<string, unknown>;
}
export interface Result {
  ruleId?: string;
  ruleIndex?: number;
  rule?: { id?: string; index?: number };
  level?: 'none' | 'note' | 'warning' | 'error';
  message: Message;
  locations?: Array<{ physicalLocation?: PhysicalLocation }>;
  partialFingerprints?: Record<string, string>;
}
export interface Run {
  tool: { driver: { name: string; version?: string; informationUri?: string; rules?: ReportingDescriptor[] } };
  originalUriBaseIds?: Record<string, ArtifactLocation>;
  artifacts?: Array<{ location?: ArtifactLocation }>;
  results?: Result[];
}
export interface Log {
  $schema?: string;
  version: '2.1.0';
  runs: Run[];
}
